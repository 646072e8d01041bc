package dev.anteroom.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPassesTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final InMemoryKeys store = new InMemoryKeys();
  private final KeySealer sealer = new KeySealer(new byte[32]);
  private final SigningKeys keys =
      new SigningKeys(store, sealer, clock, Duration.ofDays(30), Duration.ofDays(1));
  private final AccessPasses passes = new AccessPasses(keys, "anteroom", clock);

  private PassClaims claims(Duration ttl) {
    Instant now = clock.instant();
    return new PassClaims(7, 42, 1001, "alice", now, now.plus(ttl));
  }

  @Test
  void a_pass_checks_out_until_it_expires() {
    String pass = passes.issue(claims(Duration.ofMinutes(10)));

    PassCheck check = passes.check(pass);
    assertThat(check.valid()).isTrue();
    assertThat(check.claims()).isEqualTo(claims(Duration.ofMinutes(10)));

    clock.tick(Duration.ofMinutes(10));
    assertThat(passes.check(pass).reason()).isEqualTo("expired");
  }

  @Test
  void altered_foreign_or_garbled_passes_are_refused_with_a_reason() throws Exception {
    String pass = passes.issue(claims(Duration.ofMinutes(10)));
    String[] parts = pass.split("\\.");
    String otherPayload =
        passes.issue(
                new PassClaims(
                    8, 42, 1001, "alice", clock.instant(), clock.instant().plusSeconds(600)))
            .split("\\.")[1];

    assertThat(passes.check(parts[0] + "." + otherPayload + "." + parts[2]).reason())
        .isEqualTo("bad_signature");
    assertThat(passes.check("not.a.jwt").reason()).isEqualTo("malformed");
    assertThat(passes.check("").reason()).isEqualTo("malformed");

    SigningKeys foreignKeys =
        new SigningKeys(new InMemoryKeys(), sealer, clock, Duration.ofDays(30), Duration.ofDays(1));
    String foreign =
        new AccessPasses(foreignKeys, "anteroom", clock).issue(claims(Duration.ofMinutes(5)));
    assertThat(passes.check(foreign).reason()).isEqualTo("unknown_key");
    assertThat(SignedJWT.parse(pass).getHeader().getType().toString())
        .isEqualTo("anteroom-pass+jwt");
  }

  @Test
  void rotation_keeps_old_keys_published_until_their_passes_have_expired() {
    String before = passes.issue(claims(Duration.ofHours(1)));
    String oldKid = keys.signingKey().getKeyID();

    String newKid = keys.rotate();

    assertThat(newKid).isNotEqualTo(oldKid);
    assertThat(keys.published().getKeys()).hasSize(2);
    assertThat(passes.check(before).valid()).isTrue();
    assertThat(keys.signingKey().getKeyID()).isEqualTo(newKid);

    clock.tick(Duration.ofDays(1));
    assertThat(keys.published().getKeys()).hasSize(1);
    assertThat(keys.published().getKeys().getFirst().getKeyID()).isEqualTo(newKid);
  }

  @Test
  void keys_rotate_by_themselves_when_they_have_served_their_time() {
    String first = keys.signingKey().getKeyID();
    clock.tick(Duration.ofDays(30));
    assertThat(keys.signingKey().getKeyID()).isNotEqualTo(first);
  }

  @Test
  void a_node_whose_secret_cannot_open_the_signing_key_refuses_to_start_and_retires_nothing() {
    String first = keys.signingKey().getKeyID();
    KeySealer otherSecret =
        new KeySealer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    assertThatThrownBy(
            () ->
                new SigningKeys(store, otherSecret, clock, Duration.ofDays(30), Duration.ofDays(1)))
        .isInstanceOfSatisfying(
            UnreadableSigningKeyException.class, e -> assertThat(e.kid()).isEqualTo(first))
        .hasMessageContaining(first)
        .hasMessageContaining("SECRET_KEY");

    assertThat(store.keys).hasSize(1);
    assertThat(store.keys.getFirst().retiredAt()).isNull();
    assertThat(keys.signingKey().getKeyID()).isEqualTo(first);
  }

  @Test
  void an_operator_who_lost_the_old_secret_can_choose_to_retire_its_key() {
    String first = keys.signingKey().getKeyID();
    KeySealer otherSecret =
        new KeySealer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});

    SigningKeys reopened =
        new SigningKeys(store, otherSecret, clock, Duration.ofDays(30), Duration.ofDays(1), true);

    assertThat(reopened.signingKey().getKeyID()).isNotEqualTo(first);
    assertThat(reopened.publicKey(first)).as("still published for its passes").isPresent();
    assertThat(
            store.keys.stream()
                .filter(k -> k.kid().equals(first))
                .findFirst()
                .orElseThrow()
                .retiredAt())
        .isNotNull();
  }

  @Test
  void private_keys_are_stored_sealed() {
    keys.signingKey();
    assertThat(store.keys)
        .allSatisfy(k -> assertThat(k.sealedPrivateJwk()).doesNotContain("\"d\""));
  }

  /** The signing-key store's in-memory twin. */
  static final class InMemoryKeys implements SigningKeyStore {
    final List<StoredKey> keys = new ArrayList<>();

    @Override
    public synchronized List<StoredKey> all() {
      return List.copyOf(keys);
    }

    @Override
    public synchronized void insert(StoredKey key) {
      keys.add(key);
    }

    @Override
    public synchronized void retire(String kid, Instant at) {
      keys.replaceAll(
          k ->
              k.kid().equals(kid) && k.retiredAt() == null
                  ? new StoredKey(k.kid(), k.publicJwk(), k.sealedPrivateJwk(), k.createdAt(), at)
                  : k);
    }
  }
}

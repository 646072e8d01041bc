package dev.anteroom.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.SignedJWT;
import dev.anteroom.common.KeySealer;
import dev.anteroom.support.MutableClock;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
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

  /** The order n of the P-256 group, from SEC 2 (not from the code under test). */
  private static final BigInteger P256_ORDER =
      new BigInteger("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", 16);

  private static BigInteger s(String pass) {
    byte[] signature = Base64.getUrlDecoder().decode(pass.split("\\.")[2]);
    return new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
  }

  /** The same pass with S replaced by n - S: a second valid ECDSA signature of the same text. */
  private static String withOtherS(String pass) {
    String[] parts = pass.split("\\.");
    byte[] signature = Base64.getUrlDecoder().decode(parts[2]);
    BigInteger flipped = P256_ORDER.subtract(s(pass));
    byte[] value = flipped.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(value.length, 32);
    System.arraycopy(value, value.length - copy, fixed, 32 - copy, copy);
    System.arraycopy(fixed, 0, signature, 32, 32);
    return parts[0]
        + "."
        + parts[1]
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  @Test
  void every_pass_issued_carries_a_low_s_signature_and_checks_out() throws Exception {
    BigInteger half = P256_ORDER.shiftRight(1);
    for (int i = 0; i < 200; i++) {
      String pass = passes.issue(claims(Duration.ofMinutes(10)));
      assertThat(s(pass)).as("pass %d", i).isLessThanOrEqualTo(half).isPositive();
      assertThat(passes.check(pass).valid()).as("pass %d", i).isTrue();
      assertThat(jdkVerifies(pass)).as("pass %d, by the JDK's own ECDSA", i).isTrue();
    }
  }

  /** An independent verifier: the JDK's ECDSA over the JWS signing input. */
  private boolean jdkVerifies(String pass) throws Exception {
    String[] parts = pass.split("\\.");
    ECKey key = keys.publicKey(SignedJWT.parse(pass).getHeader().getKeyID()).orElseThrow();
    Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
    verifier.initVerify(key.toECPublicKey());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    return verifier.verify(Base64.getUrlDecoder().decode(parts[2]));
  }

  @Test
  void a_pass_whose_signature_was_malleated_to_high_s_is_refused() throws Exception {
    String pass = passes.issue(claims(Duration.ofMinutes(10)));
    String malleated = withOtherS(pass);
    SignedJWT parsed = SignedJWT.parse(malleated);
    ECKey key = keys.publicKey(parsed.getHeader().getKeyID()).orElseThrow();
    assertThat(parsed.verify(new ECDSAVerifier(key)))
        .as("n - S is a valid ECDSA signature too: Nimbus alone accepts it")
        .isTrue();

    assertThat(malleated).isNotEqualTo(pass);
    assertThat(passes.check(malleated).valid()).isFalse();
    assertThat(passes.check(malleated).reason()).isEqualTo("bad_signature");
  }

  @Test
  void a_pass_is_accepted_only_in_its_one_exact_spelling() {
    String pass = passes.issue(claims(Duration.ofMinutes(10)));

    assertThat(passes.check(" " + pass).reason()).isEqualTo("malformed");
    assertThat(passes.check(pass + " ").reason()).isEqualTo("malformed");
    assertThat(passes.check(pass + "\n").reason()).isEqualTo("malformed");
    assertThat(passes.check(pass + "=").reason()).isEqualTo("malformed");
    // 64 bytes take 86 characters with 4 spare bits in the last one; decoders ignore them.
    String[] parts = pass.split("\\.");
    char last = parts[2].charAt(85);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    char sibling = alphabet.charAt(alphabet.indexOf(last) ^ 1);
    String respelled = parts[0] + "." + parts[1] + "." + parts[2].substring(0, 85) + sibling;
    assertThat(Base64.getUrlDecoder().decode(respelled.split("\\.")[2]))
        .isEqualTo(Base64.getUrlDecoder().decode(parts[2]));
    assertThat(passes.check(respelled).reason()).isEqualTo("malformed");
    assertThat(passes.check(pass).valid()).isTrue();
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
  void keys_rotate_on_schedule_even_when_no_pass_is_issued() {
    String first = keys.published().getKeys().getFirst().getKeyID();
    clock.tick(Duration.ofDays(29));
    assertThat(keys.rotateIfDue()).isFalse();

    clock.tick(Duration.ofDays(1));
    assertThat(keys.rotateIfDue()).as("due after 30 days, no pass signed").isTrue();

    assertThat(keys.published().getKeys())
        .extracting(key -> key.getKeyID())
        .hasSize(2)
        .contains(first);
    assertThat(store.keys.stream().filter(k -> k.retiredAt() == null))
        .singleElement()
        .satisfies(k -> assertThat(k.kid()).isNotEqualTo(first));
    assertThat(keys.rotateIfDue()).isFalse();
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
  void private_keys_are_stored_sealed_and_only_this_secret_opens_them() throws Exception {
    ECKey inService = keys.signingKey();
    String d = inService.getD().toString();
    SigningKeyStore.StoredKey stored =
        store.keys.stream()
            .filter(k -> k.kid().equals(inService.getKeyID()))
            .findFirst()
            .orElseThrow();

    // Neither the text nor what it decodes to shows the private scalar or the JWK.
    String decoded =
        new String(
            Base64.getDecoder().decode(stored.sealedPrivateJwk()), StandardCharsets.ISO_8859_1);
    assertThat(stored.sealedPrivateJwk()).doesNotContain(d);
    assertThat(decoded).doesNotContain(d).doesNotContain(inService.getKeyID());
    assertThat(ECKey.parse(sealer.open(stored.sealedPrivateJwk())).getD().toString())
        .as("the right secret opens it to the key in service")
        .isEqualTo(d);
    KeySealer otherSecret =
        new KeySealer(new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
    assertThatThrownBy(() -> otherSecret.open(stored.sealedPrivateJwk()))
        .isInstanceOf(java.security.GeneralSecurityException.class);
    assertThat(stored.publicJwk()).doesNotContain(d);
  }

  /** The signing-key store's in-memory twin. */
  static final class InMemoryKeys implements SigningKeyStore {
    final List<StoredKey> keys = new ArrayList<>();

    @Override
    public synchronized List<StoredKey> all() {
      return List.copyOf(keys);
    }

    @Override
    public synchronized boolean replace(String current, StoredKey next) {
      if (current != null
          && keys.stream().noneMatch(k -> k.kid().equals(current) && k.retiredAt() == null)) {
        return false;
      }
      keys.stream()
          .filter(k -> k.retiredAt() == null)
          .map(StoredKey::kid)
          .toList()
          .forEach(kid -> retire(kid, next.createdAt()));
      keys.add(next);
      return true;
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

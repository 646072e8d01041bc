package dev.anteroom.access.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.SignedJWT;
import dev.anteroom.access.AccessPasses;
import dev.anteroom.access.PassClaims;
import dev.anteroom.access.SigningKeyStore;
import dev.anteroom.access.SigningKeys;
import dev.anteroom.access.jdbc.JdbcSigningKeyStore;
import dev.anteroom.common.KeySealer;
import dev.anteroom.node.NodeLease;
import dev.anteroom.node.Pacing;
import dev.anteroom.support.MutableClock;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two nodes' key rings over one database: a pass signed on one verifies on the other even with a
 * key made after the other started; made-up key ids cost at most one read a second; a key found due
 * by both is replaced once; the scheduled check reads on every node and rotates on one.
 */
class SigningKeysOnSeveralNodesTest {

  @Nested
  class OnH2 extends Contract {
    OnH2() {
      super(TestDatabases.h2());
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends Contract {
    OnPostgres() {
      super(TestDatabases.postgres());
    }
  }

  abstract static class Contract {

    private static final Duration ROTATE_AFTER = Duration.ofDays(30);
    private static final Pacing DUTIES = applicationId -> true;
    private static final Pacing NO_DUTIES = applicationId -> false;

    private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
    private final KeySealer sealer = new KeySealer(new byte[32]);
    private final CountingStore store;

    Contract(DataSource database) {
      store =
          new CountingStore(
              new JdbcSigningKeyStore(
                  JdbcClient.create(database),
                  new TransactionTemplate(new DataSourceTransactionManager(database))));
    }

    private SigningKeys node() {
      return new SigningKeys(store, sealer, clock, ROTATE_AFTER, Duration.ofDays(1));
    }

    private String issue(SigningKeys keys) {
      Instant now = clock.instant();
      return new AccessPasses(keys, "anteroom", clock)
          .issue(new PassClaims(7, 42, 1001, "alice", now, now.plusSeconds(600)));
    }

    private static String kidOf(String pass) throws Exception {
      return SignedJWT.parse(pass).getHeader().getKeyID();
    }

    private List<SigningKeyStore.StoredKey> inService() {
      return store.all().stream().filter(k -> k.retiredAt() == null).toList();
    }

    @Test
    void a_pass_signed_with_a_key_made_after_the_other_node_started_verifies_there()
        throws Exception {
      SigningKeys a = node();
      SigningKeys b = node();
      String newer = a.rotate();

      String pass = issue(a);

      assertThat(kidOf(pass)).isEqualTo(newer);
      assertThat(new AccessPasses(b, "anteroom", clock).check(pass).valid())
          .as("b read the key a made after b started")
          .isTrue();
      assertThat(b.published().getKeys()).extracting(JWK::getKeyID).contains(newer);
    }

    @Test
    void made_up_key_ids_read_the_store_at_most_once_a_second() {
      SigningKeys b = node();
      int before = store.reads.get();

      for (int i = 0; i < 100; i++) {
        assertThat(b.publicKey("made-up-" + i)).isEmpty();
      }
      assertThat(store.reads.get()).isEqualTo(before + 1);

      clock.tick(Duration.ofMillis(999));
      assertThat(b.publicKey("made-up")).isEmpty();
      assertThat(store.reads.get()).isEqualTo(before + 1);

      clock.tick(Duration.ofMillis(1));
      assertThat(b.publicKey("made-up")).isEmpty();
      assertThat(store.reads.get()).isEqualTo(before + 2);
    }

    @Test
    void a_key_both_nodes_find_due_when_signing_is_replaced_once() throws Exception {
      SigningKeys a = node();
      SigningKeys b = node();
      String first = kidOf(issue(a));
      assertThat(kidOf(issue(b))).isEqualTo(first);

      clock.tick(ROTATE_AFTER);
      String onA = kidOf(issue(a));
      String onB = kidOf(issue(b));

      assertThat(onA).isNotEqualTo(first).isEqualTo(onB);
      assertThat(store.all()).hasSize(2);
      assertThat(inService()).extracting(SigningKeyStore.StoredKey::kid).containsExactly(onA);
    }

    @Test
    void two_nodes_rotating_at_the_same_moment_leave_one_key_in_service() throws Exception {
      for (int round = 0; round < 5; round++) {
        SigningKeys a = node();
        SigningKeys b = node();
        clock.tick(ROTATE_AFTER);
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<Boolean> onA =
            CompletableFuture.supplyAsync(() -> await(go) && a.rotateIfDue());
        CompletableFuture<Boolean> onB =
            CompletableFuture.supplyAsync(() -> await(go) && b.rotateIfDue());
        go.countDown();

        assertThat(List.of(onA.get(), onB.get())).as("round %d", round).containsOnlyOnce(true);
        assertThat(inService()).as("round %d", round).hasSize(1);
        String kid = inService().getFirst().kid();
        assertThat(a.signingKey().getKeyID()).isEqualTo(kid);
        assertThat(b.signingKey().getKeyID()).isEqualTo(kid);
      }
    }

    @Test
    void the_scheduled_check_reads_the_keys_on_every_node_and_rotates_only_where_the_duties_are() {
      SigningKeys a = node();
      SigningKeys b = node();
      SigningKeyCheck onA = new SigningKeyCheck(a, NodeLease.always(), DUTIES);
      SigningKeyCheck onB = new SigningKeyCheck(b, NodeLease.always(), NO_DUTIES);
      String first = inService().getFirst().kid();

      clock.tick(ROTATE_AFTER);
      onB.check();
      assertThat(store.all()).as("b does not rotate").hasSize(1);

      onA.check();
      String second = inService().getFirst().kid();
      assertThat(second).isNotEqualTo(first);

      onB.check();
      assertThat(b.published().getKeys())
          .as("b publishes the key a made, and the one it retired")
          .extracting(JWK::getKeyID)
          .containsExactlyInAnyOrder(first, second);
      int reads = store.reads.get();
      assertThat(b.signingKey().getKeyID()).isEqualTo(second);
      assertThat(store.reads.get()).as("b signs with it without asking the store").isEqualTo(reads);
    }

    private static boolean await(CountDownLatch latch) {
      try {
        latch.await();
        return true;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  /** The store, counting its reads. */
  static final class CountingStore implements SigningKeyStore {
    final AtomicInteger reads = new AtomicInteger();
    private final SigningKeyStore store;

    CountingStore(SigningKeyStore store) {
      this.store = store;
    }

    @Override
    public List<StoredKey> all() {
      reads.incrementAndGet();
      return store.all();
    }

    @Override
    public void retire(String kid, Instant at) {
      store.retire(kid, at);
    }

    @Override
    public boolean replace(String current, StoredKey next) {
      return store.replace(current, next);
    }
  }
}

package dev.anteroom.node.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.node.LeaseLostException;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Application leases on PostgreSQL's clock: one holder at a time, a new epoch per new holder, and a
 * release fenced by its epoch cannot commit once another node took over, nor can the takeover
 * happen in the middle of such a release. Leases here last 600 ms of the database's time, so the
 * waits below are for that clock to pass, bounded, never asserted on.
 */
@RequiresPostgres
class JdbcApplicationLeasesTest {

  private static final Duration LEASE = Duration.ofMillis(600);
  private static final long APP = 7;

  private JdbcApplicationLeases a;
  private JdbcApplicationLeases b;
  private TransactionTemplate transactions;

  @BeforeEach
  void twoNodes() {
    DataSource dataSource = TestDatabases.postgres();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    a = new JdbcApplicationLeases(jdbc, "node-a", LEASE);
    b = new JdbcApplicationLeases(jdbc, "node-b", LEASE);
    transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
  }

  @Test
  void one_holder_at_a_time_and_a_new_epoch_for_each_new_holder() {
    assertThat(a.takeOrRenew(APP)).hasValue(1);
    assertThat(b.takeOrRenew(APP)).isEmpty();
    assertThat(a.takeOrRenew(APP)).as("a renewal keeps the epoch").hasValue(1);
    assertThat(b.takeOrRenew(APP + 1)).as("another application is free").hasValue(1);

    OptionalLong taken = until(() -> b.takeOrRenew(APP));
    assertThat(taken).hasValue(2);
    assertThat(a.takeOrRenew(APP)).isEmpty();
    assertThatThrownBy(() -> inTransaction(() -> a.fence(APP, 1)))
        .isInstanceOf(LeaseLostException.class);
    inTransaction(() -> b.fence(APP, 2));
  }

  @Test
  void giving_up_frees_the_lease_at_once() {
    assertThat(a.takeOrRenew(APP)).hasValue(1);
    a.giveUp(APP, 1);
    assertThat(b.takeOrRenew(APP)).hasValue(2);
  }

  @Test
  void a_takeover_waits_for_a_fenced_release_in_flight_which_then_cannot_repeat() throws Exception {
    assertThat(a.takeOrRenew(APP)).hasValue(1);
    CountDownLatch fenced = new CountDownLatch(1);
    CountDownLatch commit = new CountDownLatch(1);
    CompletableFuture<Void> release =
        CompletableFuture.runAsync(
            () ->
                inTransaction(
                    () -> {
                      a.fence(APP, 1);
                      fenced.countDown();
                      await(commit);
                    }));
    assertThat(fenced.await(10, TimeUnit.SECONDS)).isTrue();
    // The lease runs out while node a is stalled inside its release.
    Thread.sleep(LEASE.toMillis() + 200);
    CompletableFuture<OptionalLong> takeover =
        CompletableFuture.supplyAsync(() -> b.takeOrRenew(APP));
    Thread.sleep(300);
    assertThat(takeover).as("the takeover waits for the release in flight").isNotDone();
    commit.countDown();
    release.get(10, TimeUnit.SECONDS);
    assertThat(takeover.get(10, TimeUnit.SECONDS)).hasValue(2);
    assertThatThrownBy(() -> inTransaction(() -> a.fence(APP, 1)))
        .isInstanceOf(LeaseLostException.class);
  }

  private void inTransaction(Runnable work) {
    transactions.executeWithoutResult(status -> work.run());
  }

  private static OptionalLong until(Supplier<OptionalLong> take) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      OptionalLong epoch = take.get();
      if (epoch.isPresent()) {
        return epoch;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the lease was never free within 10 s");
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

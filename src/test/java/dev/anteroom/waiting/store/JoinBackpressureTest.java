package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.StoreUnavailableException;
import dev.anteroom.support.GatedJournal;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Joins under pressure: a full inbox, a stalled commit, a failing queue, a burst at the limit. */
class JoinBackpressureTest {

  private static final long QUEUE = 1;
  private static final long OTHER = 2;

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final GatedJournal journal = new GatedJournal();
  private EmbeddedLineStore store;
  // Not the common pool: on two cores it has one thread, which a held join would occupy.
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  private EmbeddedLineStore store(int capacity, Duration deadline) {
    store =
        new EmbeddedLineStore(
            journal, new VisitorKeyHasher("k".getBytes()), clock, capacity, deadline);
    store.open(QUEUE, null);
    store.open(OTHER, null);
    return store;
  }

  @AfterEach
  void close() {
    journal.inserts().open();
    threads.shutdownNow();
    if (store != null) {
      store.close();
    }
  }

  private CompletableFuture<Joined> joinAsync(long queue) {
    return CompletableFuture.supplyAsync(
        () -> store.join(queue, new NewVisitor(0, null, null, clock.instant(), null)), threads);
  }

  /** The writer is held inside a commit: everything submitted from now on waits in the inbox. */
  private CompletableFuture<Joined> holdTheWriter() throws InterruptedException {
    journal.inserts().close();
    CompletableFuture<Joined> held = joinAsync(QUEUE);
    assertThat(journal.inserts().awaitSomeoneWaiting()).isTrue();
    return held;
  }

  @Test
  void a_full_inbox_refuses_a_join_at_once_with_a_retry_hint() throws Exception {
    store(2, Duration.ofMinutes(1));
    CompletableFuture<Joined> held = holdTheWriter();
    List<CompletableFuture<Joined>> queued = List.of(joinAsync(QUEUE), joinAsync(QUEUE));
    waitUntilInboxHolds(2);

    assertThatThrownBy(
            () -> store.join(QUEUE, new NewVisitor(0, null, null, clock.instant(), null)))
        .isInstanceOfSatisfying(
            AnteroomException.class,
            e -> {
              assertThat(e.code()).isEqualTo("overloaded");
              assertThat(e.retryAfter()).hasValue(Duration.ofSeconds(1));
            });

    journal.inserts().open();
    assertThat(held.get(10, TimeUnit.SECONDS).created()).isTrue();
    for (CompletableFuture<Joined> join : queued) {
      assertThat(join.get(10, TimeUnit.SECONDS).created()).isTrue();
    }
    assertThat(store.counts(QUEUE).waiting()).isEqualTo(3);
  }

  @Test
  void a_join_past_its_deadline_is_refused_and_never_committed_while_a_taken_one_is_answered()
      throws Exception {
    store(100, Duration.ofMillis(300));
    CompletableFuture<Joined> taken = holdTheWriter();
    CompletableFuture<Joined> late = joinAsync(QUEUE);

    ExecutionException refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            ExecutionException.class, () -> late.get(10, TimeUnit.SECONDS));
    assertThat(refused.getCause())
        .isInstanceOfSatisfying(
            AnteroomException.class, e -> assertThat(e.code()).isEqualTo("join_timeout"));
    assertThat(taken).as("the writer took it: its caller waits for the commit").isNotDone();

    journal.inserts().open();
    Joined committed = taken.get(10, TimeUnit.SECONDS);
    store.join(OTHER, new NewVisitor(0, null, null, clock.instant(), null));

    assertThat(committed.created()).isTrue();
    assertThat(journal.maxSeq(QUEUE)).as("only the taken join has a row").isEqualTo(1);
    assertThat(store.counts(QUEUE).waiting()).isEqualTo(1);
  }

  @Test
  void a_batch_is_all_or_nothing_per_queue_and_one_failing_queue_spares_the_others()
      throws Exception {
    store(100, Duration.ofMinutes(1));
    journal.failInsertsWhere(rows -> rows.stream().anyMatch(row -> row.queueId() == OTHER));
    CompletableFuture<Joined> held = holdTheWriter();
    List<CompletableFuture<Joined>> good = new ArrayList<>();
    List<CompletableFuture<Joined>> bad = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      good.add(joinAsync(QUEUE));
      bad.add(joinAsync(OTHER));
    }
    waitUntilInboxHolds(10);

    journal.inserts().open();

    assertThat(held.get(10, TimeUnit.SECONDS).created()).isTrue();
    for (CompletableFuture<Joined> join : good) {
      assertThat(join.get(10, TimeUnit.SECONDS).created()).isTrue();
    }
    for (CompletableFuture<Joined> join : bad) {
      assertThatThrownBy(() -> join.get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(StoreUnavailableException.class);
    }
    assertThat(store.counts(QUEUE).waiting()).isEqualTo(6);
    assertThat(store.counts(OTHER).waiting()).isZero();

    journal.failInsertsWhere(rows -> false);
    Joined after = store.join(OTHER, new NewVisitor(0, null, null, clock.instant(), null));
    assertThat(after.visitor().position())
        .as("numbers of the failed joins left nothing behind in the line")
        .isEqualTo(1);
  }

  @Test
  void a_burst_never_overshoots_the_waiting_limit() throws Exception {
    store(1_000, Duration.ofMinutes(1));
    CompletableFuture<Joined> held = holdTheWriter();
    List<CompletableFuture<Joined>> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(
          CompletableFuture.supplyAsync(
              () -> store.join(QUEUE, new NewVisitor(0, null, null, clock.instant(), null), 10),
              threads));
    }
    waitUntilInboxHolds(50);
    journal.inserts().open();
    held.get(10, TimeUnit.SECONDS);

    int created = 0;
    int full = 0;
    for (CompletableFuture<Joined> join : burst) {
      try {
        join.get(10, TimeUnit.SECONDS);
        created++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(LineFullException.class);
        full++;
      }
    }
    // One already waiting (the held join), so nine more fit under a limit of ten.
    assertThat(created).isEqualTo(9);
    assertThat(full).isEqualTo(41);
    assertThat(store.counts(QUEUE).waiting()).isEqualTo(10);
  }

  @Test
  void an_unexpected_failure_leaves_no_reserved_place_behind_and_the_writer_lives_on() {
    store(100, Duration.ofMinutes(1));
    journal.breakNextInsert();

    assertThatThrownBy(
            () -> store.join(QUEUE, new NewVisitor(0, "alice", null, clock.instant(), null)))
        .isInstanceOf(StoreUnavailableException.class);
    Joined again = store.join(QUEUE, new NewVisitor(0, "alice", null, clock.instant(), null));

    assertThat(again.created()).as("a new place, not the number the failed join held").isTrue();
    assertThat(journal.find(QUEUE, again.visitor().seq())).isPresent();
    assertThat(store.counts(QUEUE).waiting()).isEqualTo(1);
  }

  private void waitUntilInboxHolds(int joins) throws InterruptedException {
    for (int i = 0; i < 1_000 && store.pendingJoins() < joins; i++) {
      TimeUnit.MILLISECONDS.sleep(1); // waits for other threads to submit, not for time
    }
    assertThat(store.pendingJoins()).isEqualTo(joins);
  }
}

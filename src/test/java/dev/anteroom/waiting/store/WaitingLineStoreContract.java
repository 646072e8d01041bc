package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.queue.Queue;
import dev.anteroom.support.MutableClock;
import dev.anteroom.waiting.VisitorState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link WaitingLineStore} promises, whatever keeps its rows. Subclasses supply the
 * journal; "restart" means a new store over the same journal.
 */
abstract class WaitingLineStoreContract {

  protected final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  protected final VisitorKeyHasher keys = new VisitorKeyHasher("test".getBytes());
  private final List<WaitingLineStore> opened = new ArrayList<>();
  protected WaitingLineStore store;
  protected long queue;

  protected abstract VisitorJournal journal();

  protected abstract long newQueue();

  @BeforeEach
  void openStore() {
    queue = newQueue();
    store = restart(null);
  }

  @AfterEach
  void closeStores() {
    opened.forEach(WaitingLineStore::close);
  }

  protected WaitingLineStore restart(Queue.Shuffle shuffle) {
    WaitingLineStore fresh = new EmbeddedLineStore(journal(), keys, clock);
    opened.add(fresh);
    fresh.open(queue, shuffle);
    return fresh;
  }

  private Joined join(int priority, String key) {
    return store.join(queue, new NewVisitor(priority, key, null, clock.instant(), null));
  }

  private int position(long seq) {
    return store.find(queue, seq, clock.instant()).orElseThrow().position();
  }

  private VisitorState state(WaitingLineStore in, long seq) {
    return in.find(queue, seq, clock.instant()).orElseThrow().state();
  }

  @Test
  void joins_get_consecutive_positions_and_are_durable() {
    Joined first = join(0, null);
    Joined second = join(0, null);

    assertThat(first.created()).isTrue();
    assertThat(first.visitor().position()).isEqualTo(1);
    assertThat(second.visitor().position()).isEqualTo(2);
    assertThat(second.visitor().seq()).isGreaterThan(first.visitor().seq());
    assertThat(store.record(queue, second.visitor().seq()))
        .hasValueSatisfying(row -> assertThat(row.state()).isEqualTo(VisitorState.WAITING));
    assertThat(store.counts(queue)).isEqualTo(new LineCounts(2, 0));
  }

  @Test
  void a_higher_priority_goes_ahead_of_earlier_joins() {
    long low = join(0, null).visitor().seq();
    long high = join(5, null).visitor().seq();

    assertThat(position(high)).isEqualTo(1);
    assertThat(position(low)).isEqualTo(2);
    assertThat(store.positionOfNewcomer(queue, 5)).isEqualTo(2);
    assertThat(store.positionOfNewcomer(queue, 0)).isEqualTo(3);
  }

  @Test
  void a_visitor_key_holds_one_place_even_under_concurrent_joins() throws Exception {
    join(0, null);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Joined>> attempts = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        attempts.add(pool.submit(() -> join(0, "alice")));
      }
      Set<Long> seqs = new HashSet<>();
      int created = 0;
      for (Future<Joined> attempt : attempts) {
        seqs.add(attempt.get().visitor().seq());
        created += attempt.get().created() ? 1 : 0;
      }
      assertThat(seqs).hasSize(1);
      assertThat(created).isEqualTo(1);
      assertThat(store.counts(queue).waiting()).isEqualTo(2);
      assertThat(position(seqs.iterator().next())).isEqualTo(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_visitor_key_joins_afresh_once_its_place_has_ended() {
    long first = join(0, "bob").visitor().seq();
    store.cancel(queue, first, clock.instant());

    Joined again = join(0, "bob");

    assertThat(again.created()).isTrue();
    assertThat(again.visitor().seq()).isNotEqualTo(first);
  }

  @Test
  void cancel_takes_a_visitor_out_at_once_and_is_idempotent() {
    long first = join(0, null).visitor().seq();
    long second = join(0, null).visitor().seq();

    assertThat(store.cancel(queue, first, clock.instant())).isEqualTo(VisitorState.CANCELLED);
    assertThat(store.cancel(queue, first, clock.instant())).isEqualTo(VisitorState.CANCELLED);

    assertThat(position(second)).isEqualTo(1);
    assertThat(store.record(queue, first).orElseThrow().endReason()).isEqualTo(EndReason.CANCELLED);
    assertThat(store.cancel(queue, 999_999, clock.instant())).isNull();
  }

  @Test
  void release_follows_priority_then_join_order() {
    long a = join(0, null).visitor().seq();
    long b = join(3, null).visitor().seq();
    long c = join(0, null).visitor().seq();
    long d = join(3, null).visitor().seq();

    Instant until = clock.instant().plusSeconds(600);
    List<ReleasedVisitor> released = store.release(queue, 3, clock.instant(), until, null);

    assertThat(released).extracting(ReleasedVisitor::seq).containsExactly(b, d, a);
    assertThat(state(store, c)).isEqualTo(VisitorState.WAITING);
    assertThat(position(c)).isEqualTo(1);
    VisitorView pass = store.find(queue, b, clock.instant()).orElseThrow();
    assertThat(pass.state()).isEqualTo(VisitorState.RELEASED);
    assertThat(pass.expiresAt()).isEqualTo(until);
    assertThat(store.counts(queue)).isEqualTo(new LineCounts(1, 3));
    assertThat(store.cancel(queue, b, clock.instant())).isEqualTo(VisitorState.RELEASED);
  }

  @Test
  void no_visitor_is_released_twice_when_releases_race() throws Exception {
    int visitors = 600;
    for (int i = 0; i < visitors; i++) {
      join(i % 3, null);
    }
    ConcurrentLinkedQueue<Long> released = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 6; w++) {
        workers.add(
            pool.submit(
                () -> {
                  List<ReleasedVisitor> batch;
                  do {
                    batch =
                        store.release(
                            queue, 7, clock.instant(), clock.instant().plusSeconds(60), null);
                    batch.forEach(v -> released.add(v.seq()));
                  } while (!batch.isEmpty());
                }));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(released).hasSize(visitors).doesNotHaveDuplicates();
    assertThat(store.counts(queue)).isEqualTo(new LineCounts(0, visitors));
  }

  @Test
  void random_release_picks_within_the_highest_priority_first() {
    List<Long> low = new ArrayList<>();
    List<Long> high = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      low.add(join(0, null).visitor().seq());
      high.add(join(1, null).visitor().seq());
    }
    List<Long> picked =
        store
            .release(queue, 25, clock.instant(), clock.instant().plusSeconds(60), new Random(7))
            .stream()
            .map(ReleasedVisitor::seq)
            .toList();

    assertThat(picked).hasSize(25).doesNotHaveDuplicates().containsAll(high);
    assertThat(picked.subList(0, 20)).containsExactlyInAnyOrderElementsOf(high);
    assertThat(picked.subList(0, 20)).isNotEqualTo(high);
  }

  @Test
  void idle_visitors_expire_and_a_poll_keeps_the_place() {
    long silent = join(0, null).visitor().seq();
    long polling = join(0, null).visitor().seq();
    clock.tick(Duration.ofSeconds(100));
    store.touch(queue, polling, clock.instant());
    clock.tick(Duration.ofSeconds(30));

    int expired = store.expireIdle(queue, clock.instant().minusSeconds(120), clock.instant());

    assertThat(expired).isEqualTo(1);
    assertThat(state(store, silent)).isEqualTo(VisitorState.EXPIRED);
    assertThat(position(polling)).isEqualTo(1);
    assertThat(store.record(queue, silent).orElseThrow().endReason()).isEqualTo(EndReason.IDLE);
  }

  @Test
  void passes_run_out_by_time_and_complete_ends_one_early() {
    long a = join(0, null).visitor().seq();
    long b = join(0, null).visitor().seq();
    store.release(queue, 2, clock.instant(), clock.instant().plusSeconds(60), null);

    assertThat(store.complete(queue, a, clock.instant())).isTrue();
    assertThat(store.complete(queue, a, clock.instant())).isFalse();
    assertThat(store.counts(queue).active()).isEqualTo(1);
    assertThat(store.record(queue, a).orElseThrow().endReason()).isEqualTo(EndReason.COMPLETED);

    clock.tick(Duration.ofSeconds(60));
    assertThat(state(store, b)).isEqualTo(VisitorState.EXPIRED);
    assertThat(store.expirePasses(queue, clock.instant())).isEqualTo(1);
    assertThat(store.counts(queue).active()).isZero();
    assertThat(store.complete(queue, b, clock.instant())).isFalse();
  }

  @Test
  void a_visitor_can_go_straight_through() {
    Instant until = clock.instant().plusSeconds(300);
    Joined joined = store.join(queue, new NewVisitor(0, null, "{}", clock.instant(), until));

    assertThat(joined.visitor().state()).isEqualTo(VisitorState.RELEASED);
    assertThat(joined.visitor().expiresAt()).isEqualTo(until);
    assertThat(store.counts(queue)).isEqualTo(new LineCounts(0, 1));
  }

  @Test
  void a_restart_rebuilds_the_same_line() {
    Random random = new Random(11);
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      seqs.add(join(random.nextInt(4), i % 5 == 0 ? "key" + i : null).visitor().seq());
    }
    for (int i = 0; i < 60; i++) {
      store.cancel(queue, seqs.get(random.nextInt(seqs.size())), clock.instant());
    }
    store.release(queue, 40, clock.instant(), clock.instant().plusSeconds(600), null);
    List<VisitorView> before =
        seqs.stream().map(s -> store.find(queue, s, clock.instant()).orElseThrow()).toList();

    WaitingLineStore restarted = restart(null);

    List<VisitorView> after =
        seqs.stream().map(s -> restarted.find(queue, s, clock.instant()).orElseThrow()).toList();
    assertThat(after).isEqualTo(before);
    assertThat(restarted.counts(queue)).isEqualTo(store.counts(queue));
    assertThat(restarted.lastSeq(queue)).isEqualTo(store.lastSeq(queue));
    Joined again = restarted.join(queue, new NewVisitor(0, "key0", null, clock.instant(), null));
    VisitorView key0 = before.get(0);
    assertThat(again.created()).isEqualTo(key0.state().isFinal());
  }

  @Test
  void a_restart_lets_passes_that_ran_out_meanwhile_expire() {
    long seq = join(0, null).visitor().seq();
    store.release(queue, 1, clock.instant(), clock.instant().plusSeconds(30), null);
    clock.tick(Duration.ofSeconds(31));

    WaitingLineStore restarted = restart(null);

    assertThat(state(restarted, seq)).isEqualTo(VisitorState.EXPIRED);
    assertThat(restarted.counts(queue).active()).isZero();
  }

  @Test
  void the_opening_shuffle_reorders_early_arrivals_and_survives_a_restart() {
    List<Long> early = IntStream.range(0, 50).mapToObj(i -> join(0, null).visitor().seq()).toList();
    Queue.Shuffle shuffle = new Queue.Shuffle(42, store.lastSeq(queue) + 1);
    store.shuffle(queue, shuffle);
    long late = join(0, null).visitor().seq();

    List<Integer> positions = early.stream().map(this::position).toList();
    assertThat(positions)
        .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
    assertThat(positions).isNotEqualTo(IntStream.rangeClosed(1, 50).boxed().toList());
    assertThat(position(late)).isEqualTo(51);

    WaitingLineStore restarted = restart(shuffle);
    assertThat(
            early.stream()
                .map(s -> restarted.find(queue, s, clock.instant()).orElseThrow().position())
                .toList())
        .isEqualTo(positions);
    List<Long> order =
        restarted
            .release(queue, 51, clock.instant(), clock.instant().plusSeconds(60), null)
            .stream()
            .map(ReleasedVisitor::seq)
            .toList();
    assertThat(order.getLast()).isEqualTo(late);
  }

  @Test
  void ended_visitors_left_out_of_memory_are_answered_from_the_journal() {
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < 2500; i++) {
      seqs.add(join(0, null).visitor().seq());
    }
    for (int i = 0; i < 2000; i++) {
      store.cancel(queue, seqs.get(i), clock.instant());
    }
    WaitingLineStore restarted = restart(null);

    assertThat(state(restarted, seqs.get(0))).isEqualTo(VisitorState.CANCELLED);
    assertThat(restarted.find(queue, seqs.get(2000), clock.instant()).orElseThrow().position())
        .isEqualTo(1);
    assertThat(restarted.find(queue, 0, clock.instant())).isEmpty();
    assertThat(restarted.find(queue, seqs.getLast() + 1, clock.instant())).isEmpty();
  }

  @Test
  void concurrent_joins_get_distinct_places_in_commit_order() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Joined>> joins = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        joins.add(pool.submit(() -> join(0, null)));
      }
      Set<Long> seqs = new HashSet<>();
      for (Future<Joined> future : joins) {
        seqs.add(future.get().visitor().seq());
      }
      assertThat(seqs).hasSize(400);
      List<Integer> positions = seqs.stream().sorted().map(this::position).toList();
      assertThat(positions).isEqualTo(IntStream.rangeClosed(1, 400).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What a node saw poll, per queue: every poll lands in exactly one drained batch, sorted and
 * without repeats, at the latest tick seen, while threads poll and drain at once; repeated polls of
 * the same visitors do not grow memory.
 */
class SeenCollectorTest {

  private static final long QUEUE = 101;
  private static final long OTHER = 202;

  private final SeenCollector seen = new SeenCollector();

  @Test
  void a_drain_answers_each_visitor_once_in_order_at_the_latest_tick_seen() {
    seen.seen(QUEUE, 30, 5);
    seen.seen(QUEUE, 10, 7);
    seen.seen(QUEUE, 30, 6);
    seen.seen(QUEUE, 20, 4);
    seen.seen(OTHER, 10, 9);

    SeenBatch batch = seen.drain(QUEUE);
    assertThat(batch.queueId()).isEqualTo(QUEUE);
    assertThat(batch.seqs()).containsExactly(10, 20, 30);
    assertThat(batch.tick()).isEqualTo(7);
    assertThat(seen.drain(QUEUE).isEmpty()).as("drained means forgotten").isTrue();

    seen.seen(QUEUE, 40, 8);
    List<SeenBatch> all = seen.drainAll();
    assertThat(all).extracting(SeenBatch::queueId).containsExactlyInAnyOrder(QUEUE, OTHER);
    assertThat(all).allSatisfy(b -> assertThat(b.seqs()).hasSize(1));
    assertThat(seen.drainAll()).isEmpty();
    assertThat(seen.drain(999).isEmpty()).as("a queue never seen").isTrue();
  }

  @Test
  void a_batch_put_back_goes_out_with_the_next_drain() {
    seen.seen(QUEUE, 1, 3);
    seen.seen(QUEUE, 2, 3);
    SeenBatch unwritten = seen.drain(QUEUE);
    seen.seen(QUEUE, 2, 4);
    seen.seen(QUEUE, 5, 4);

    seen.restore(unwritten);

    SeenBatch next = seen.drain(QUEUE);
    assertThat(next.seqs()).containsExactly(1, 2, 5);
    assertThat(next.tick()).isEqualTo(4);
  }

  @Test
  void polls_of_the_same_visitors_do_not_grow_the_buffers() {
    for (int round = 0; round < 2_000; round++) {
      for (long seq = 1; seq <= 500; seq++) {
        seen.seen(QUEUE, seq, round);
      }
    }
    // A million polls of 500 visitors: bounded by the visitors (twice over, for room to append).
    assertThat(seen.buffered(QUEUE)).isLessThanOrEqualTo(2 * 500 + 64);
    SeenBatch batch = seen.drain(QUEUE);
    assertThat(batch.seqs()).hasSize(500);
    assertThat(batch.tick()).isEqualTo(1_999);
  }

  @Test
  void four_polling_threads_and_a_drainer_lose_no_visitor_and_repeat_none() throws Exception {
    int threads = 4;
    int perThread = 200_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean polling = new AtomicBoolean(true);
    try {
      List<Future<Map<Long, TreeSet<Long>>>> pollers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        pollers.add(
            pool.submit(
                () -> {
                  SplittableRandom random = new SplittableRandom(thread);
                  Map<Long, TreeSet<Long>> sent = new HashMap<>();
                  go.await();
                  for (int i = 0; i < perThread; i++) {
                    // Two queues; seqs shared between threads, so the same visitor polls twice.
                    long queue = random.nextInt(4) == 0 ? OTHER : QUEUE;
                    long seq = 1 + random.nextInt(150_000);
                    seen.seen(queue, seq, i / 1000);
                    sent.computeIfAbsent(queue, q -> new TreeSet<>()).add(seq);
                  }
                  return sent;
                }));
      }
      Future<Map<Long, List<SeenBatch>>> drainer =
          pool.submit(
              () -> {
                Map<Long, List<SeenBatch>> drained = new HashMap<>();
                go.await();
                while (polling.get()) {
                  for (SeenBatch batch : seen.drainAll()) {
                    drained.computeIfAbsent(batch.queueId(), q -> new ArrayList<>()).add(batch);
                  }
                }
                return drained;
              });
      go.countDown();
      Map<Long, TreeSet<Long>> sent = new HashMap<>();
      for (Future<Map<Long, TreeSet<Long>>> poller : pollers) {
        poller
            .get(60, TimeUnit.SECONDS)
            .forEach((q, s) -> sent.merge(q, s, SeenCollectorTest::union));
      }
      polling.set(false);
      Map<Long, List<SeenBatch>> drained = drainer.get(60, TimeUnit.SECONDS);
      for (SeenBatch batch : seen.drainAll()) {
        drained.computeIfAbsent(batch.queueId(), q -> new ArrayList<>()).add(batch);
      }

      assertThat(drained.get(QUEUE).size()).as("drains during the polls").isGreaterThan(1);
      for (long queue : List.of(QUEUE, OTHER)) {
        TreeSet<Long> got = new TreeSet<>();
        for (SeenBatch batch : drained.get(queue)) {
          assertThat(batch.seqs()).isSorted().doesNotHaveDuplicates();
          for (long seq : batch.seqs()) {
            got.add(seq);
          }
        }
        assertThat(got).as("queue %d", queue).isEqualTo(sent.get(queue));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void four_stripes_a_core_as_a_power_of_two_from_8_to_64() {
    assertThat(SeenCollector.stripes(1)).isEqualTo(8);
    assertThat(SeenCollector.stripes(2)).isEqualTo(8);
    assertThat(SeenCollector.stripes(3)).isEqualTo(16);
    assertThat(SeenCollector.stripes(4)).isEqualTo(16);
    assertThat(SeenCollector.stripes(12)).isEqualTo(64);
    assertThat(SeenCollector.stripes(256)).isEqualTo(64);
  }

  private static TreeSet<Long> union(TreeSet<Long> a, TreeSet<Long> b) {
    a.addAll(b);
    return a;
  }
}

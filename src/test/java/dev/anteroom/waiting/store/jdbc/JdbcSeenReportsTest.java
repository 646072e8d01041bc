package dev.anteroom.waiting.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import dev.anteroom.waiting.store.SeenBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seen reports on PostgreSQL: numbered per queue in commit order without gaps, so a reader polling
 * while four nodes write misses none; read back seq by seq at their tick, page after page; and
 * purged by the database's clock.
 */
@RequiresPostgres
class JdbcSeenReportsTest {

  private static final int PAGE = 3;

  private JdbcTemplate jdbc;
  private JdbcSeenReports reports;
  private long queue;
  private long other;

  @BeforeEach
  void database() {
    DataSource dataSource = TestDatabases.postgres();
    jdbc = new JdbcTemplate(dataSource);
    reports = new JdbcSeenReports(jdbc, PAGE);
    queue = TestDatabases.newQueue(dataSource);
    other = TestDatabases.newQueue(dataSource);
  }

  @Test
  void reports_are_read_back_seq_by_seq_at_their_tick_in_number_order_across_pages() {
    for (int r = 1; r <= 10; r++) {
      reports.report(queue, 100 + r, new long[] {r, 1000 + r});
    }
    reports.report(new SeenBatch(other, 7, new long[] {42}));
    reports.report(queue, 999, new long[0]);

    List<String> applied = new ArrayList<>();
    long last = reports.readAfter(queue, 0, (seq, tick) -> applied.add(seq + "@" + tick));

    assertThat(last).isEqualTo(10);
    assertThat(applied).hasSize(20).startsWith("1@101", "1001@101", "2@102").endsWith("1010@110");
    assertThat(reports.lastReportNo(queue)).as("an empty report writes nothing").isEqualTo(10);
    assertThat(reports.lastReportNo(other)).as("each queue numbers its own").isEqualTo(1);
    assertThat(reports.readAfter(queue, last, (seq, tick) -> applied.add("again"))).isEqualTo(10);
    assertThat(applied).hasSize(20);
  }

  @Test
  void a_reader_that_starts_at_the_last_report_sees_only_later_ones() {
    assertThat(reports.lastReportNo(queue)).as("no report yet").isZero();
    reports.report(queue, 1, new long[] {1, 2, 3});
    reports.report(queue, 2, new long[] {4});
    long start = reports.lastReportNo(queue);
    reports.report(queue, 3, new long[] {5, 6});
    reports.report(queue, 4, new long[] {2});

    List<String> applied = new ArrayList<>();
    long last = reports.readAfter(queue, start, (seq, tick) -> applied.add(seq + "@" + tick));

    assertThat(start).isEqualTo(2);
    assertThat(last).isEqualTo(4);
    assertThat(applied).containsExactly("5@3", "6@3", "2@4");
  }

  @Test
  void a_purge_removes_only_reports_older_than_the_age_by_the_database_clock() {
    for (int r = 1; r <= 5; r++) {
      reports.report(queue, r, new long[] {r});
    }
    reports.report(other, 1, new long[] {9});
    // Reports 1 and 2, and the other queue's, were written ten minutes ago by the database's clock.
    jdbc.update(
        "UPDATE seen_reports SET written_ms = written_ms - 600000"
            + " WHERE (queue_id = ? AND report_no <= 2) OR queue_id = ?",
        queue,
        other);

    assertThat(reports.purgeWrittenBefore(Duration.ofMinutes(11))).isZero();
    assertThat(reports.purgeWrittenBefore(Duration.ofMinutes(1))).isEqualTo(3);

    List<Long> left = new ArrayList<>();
    reports.readAfter(queue, 0, (seq, tick) -> left.add(seq));
    assertThat(left).containsExactly(3L, 4L, 5L);
    assertThat(reports.lastReportNo(other)).as("numbering goes on after a purge").isEqualTo(1);
    reports.report(other, 2, new long[] {10});
    assertThat(reports.lastReportNo(other)).isEqualTo(2);
    // Written just now: younger than a minute, older than nothing.
    assertThat(reports.purgeWrittenBefore(Duration.ofMinutes(1))).isZero();
    assertThat(reports.purgeWrittenBefore(Duration.ZERO)).isEqualTo(4);
  }

  @Test
  void reports_are_numbered_in_commit_order_so_a_reader_never_skips_one() throws Exception {
    int writers = 4;
    int perWriter = 150;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  SplittableRandom random = new SplittableRandom(writer);
                  for (int i = 0; i < perWriter; i++) {
                    // The tick names the writer and its turn. Up to 20,000 seqs with random gaps
                    // (about 40 kB packed) make each insert take a moment, so that they overlap.
                    long[] seqs = new long[1 + i % 5 * 5_000];
                    long seq = 0;
                    for (int k = 0; k < seqs.length; k++) {
                      seq += 1 + random.nextInt(5_000);
                      seqs[k] = seq;
                    }
                    reports.report(queue, writer * 1_000 + i, seqs);
                  }
                  return null;
                }));
      }
      Future<List<Integer>> read =
          pool.submit(
              () -> {
                List<Integer> ticks = new ArrayList<>();
                long last = 0;
                go.await();
                boolean more = true;
                while (more) {
                  // One more read after the writers are done picks up the last commits.
                  more = writing.get();
                  last =
                      reports.readAfter(
                          queue,
                          last,
                          (seq, tick) -> {
                            if (ticks.isEmpty() || ticks.getLast() != tick) {
                              ticks.add(tick);
                            }
                          });
                }
                return ticks;
              });
      go.countDown();
      for (Future<?> writer : done) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      List<Integer> ticks = read.get(60, TimeUnit.SECONDS);

      // Every report was read once, each writer's in its own order.
      assertThat(ticks).hasSize(writers * perWriter).doesNotHaveDuplicates();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        assertThat(ticks.stream().filter(t -> t / 1_000 == writer).toList())
            .as("writer %d", w)
            .isSorted();
      }
      assertThat(reports.lastReportNo(queue)).isEqualTo(writers * perWriter);
      List<Long> numbers =
          jdbc.queryForList(
              "SELECT report_no FROM seen_reports WHERE queue_id = ? ORDER BY report_no",
              Long.class,
              queue);
      assertThat(numbers)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 600).boxed().toList());
    } finally {
      pool.shutdownNow();
    }
  }
}

package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.queue.Queue;
import dev.anteroom.support.MutableClock;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Shared lines under trouble: a copy started again after the opening keeps the shuffle, a poll's
 * {@code ?line=} costs no query per poll when it names a line beyond the log, and neither a poll
 * nor the follow pass waits while another node's transaction holds the queue's head.
 */
@RequiresPostgres
class SharedLinesContentionTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final VisitorKeyHasher keys =
      new VisitorKeyHasher("contention".getBytes(StandardCharsets.UTF_8));
  private DataSource dataSource;
  private final List<EmbeddedLineStore> nodes = new ArrayList<>();
  private final AtomicInteger logReads = new AtomicInteger();
  private long queue;

  @BeforeEach
  void nodes() {
    dataSource = TestDatabases.postgres();
    queue = TestDatabases.newQueue(dataSource);
    for (int i = 0; i < 2; i++) {
      nodes.add(node());
    }
  }

  private EmbeddedLineStore node() {
    JdbcTemplate jdbc =
        new JdbcTemplate(dataSource) {
          @Override
          public <T> List<T> query(
              String sql, org.springframework.jdbc.core.RowMapper<T> mapper, Object... args) {
            if (sql.contains("FROM line_events e")) {
              logReads.incrementAndGet();
            }
            return super.query(sql, mapper, args);
          }
        };
    return SharedNodes.node(jdbc, keys, clock, PaceFence.NONE, queue);
  }

  @AfterEach
  void close() {
    nodes.forEach(EmbeddedLineStore::close);
  }

  @Test
  void a_copy_started_again_after_the_opening_keeps_the_shuffle() {
    Instant now = clock.instant();
    List<Long> early = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      early.add(nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null)).visitor().seq());
    }
    nodes.forEach(EmbeddedLineStore::follow);
    // The opening: every node applies the recorded shuffle to its copy (as the engine does).
    Queue.Shuffle shuffle = new Queue.Shuffle(12345L, 41);
    nodes.forEach(n -> n.shuffle(queue, shuffle));
    // Node 1 falls behind the purged log and starts its copy again from a snapshot.
    for (int i = 0; i < 10; i++) {
      nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null));
    }
    nodes.get(0).purgeLog(2);
    nodes.get(1).follow();
    nodes.get(1).follow();
    nodes.get(0).follow();
    for (long seq : early) {
      assertThat(nodes.get(1).find(queue, seq, now).orElseThrow().position())
          .as("position of %d on the restarted copy", seq)
          .isEqualTo(nodes.get(0).find(queue, seq, now).orElseThrow().position());
    }
  }

  @Test
  void a_garbage_line_costs_no_query_per_poll() {
    Instant now = clock.instant();
    nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null));
    nodes.get(1).follow();
    long applied = nodes.get(1).followTo(queue, 0);
    int before = logReads.get();
    for (int i = 0; i < 1000; i++) {
      nodes.get(1).followTo(queue, applied + 9_999_999);
    }
    assertThat(logReads.get() - before).as("log reads caused by 1000 polls").isLessThan(10);
  }

  @Test
  void a_poll_never_waits_on_another_nodes_transaction() throws Exception {
    Instant now = clock.instant();
    nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null));
    nodes.get(0).follow();
    nodes.get(1).follow();
    // Node 1 commits a join that node 0 has not followed yet; its answer carries that line.
    nodes.get(1).join(queue, new NewVisitor(0, null, null, now, null));
    long line = nodes.get(1).followTo(queue, 0);
    // A third node is paused inside a transaction that holds the queue's head.
    try (java.sql.Connection frozen = dataSource.getConnection()) {
      frozen.setAutoCommit(false);
      try (var st = frozen.createStatement()) {
        st.execute("SELECT next_event FROM line_heads WHERE queue_id = " + queue + " FOR UPDATE");
      }
      // Node 0's join writer now waits for the head, holding its copy's follow lock.
      var joining =
          java.util.concurrent.CompletableFuture.runAsync(
              () -> nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null)));
      Thread.sleep(300);
      long started = System.nanoTime();
      var poll =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> nodes.get(0).followTo(queue, line));
      var follow = java.util.concurrent.CompletableFuture.supplyAsync(() -> nodes.get(0).follow());
      Thread.sleep(1500);
      boolean pollDone = poll.isDone();
      boolean followDone = follow.isDone();
      frozen.rollback();
      joining.get(10, java.util.concurrent.TimeUnit.SECONDS);
      org.slf4j.LoggerFactory.getLogger(SharedLinesContentionTest.class)
          .info(
              "poll done within 1.5 s: "
                  + pollDone
                  + ", follow pass done: "
                  + followDone
                  + ", waited ms "
                  + (System.nanoTime() - started) / 1_000_000);
      assertThat(pollDone).as("the poll answered while another node held the head").isTrue();
      assertThat(followDone)
          .as("the follow pass went on while another node held the head")
          .isTrue();
    }
  }
}

package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.node.LeaseLostException;
import dev.anteroom.support.MutableClock;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.store.jdbc.JdbcLineLog;
import dev.anteroom.waiting.store.jdbc.JdbcVisitorJournal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Three nodes' stores sharing one PostgreSQL database through the line log: joins, cancels and
 * completions through any of them, releases by the one that paces; every node gives every visitor
 * the state and position that a brute-force model of the committed rows gives.
 */
@RequiresPostgres
class SharedLinesTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final VisitorKeyHasher keys =
      new VisitorKeyHasher("shared-lines-test".getBytes(StandardCharsets.UTF_8));
  private final AtomicBoolean fenceClosed = new AtomicBoolean();
  private DataSource dataSource;
  private final List<EmbeddedLineStore> nodes = new ArrayList<>();
  private long queue;

  @BeforeEach
  void nodes() {
    dataSource = TestDatabases.postgres();
    queue = TestDatabases.newQueue(dataSource);
    for (int i = 0; i < 3; i++) {
      nodes.add(node());
    }
  }

  private EmbeddedLineStore node() {
    PaceFence fence =
        queueId -> {
          if (fenceClosed.get()) {
            throw new LeaseLostException(1, 1);
          }
        };
    return SharedNodes.node(new JdbcTemplate(dataSource), keys, clock, fence, queue);
  }

  @AfterEach
  void close() {
    nodes.forEach(EmbeddedLineStore::close);
  }

  @Test
  void every_node_gives_every_visitor_the_place_the_committed_rows_give() {
    SplittableRandom random = new SplittableRandom(7);
    EmbeddedLineStore owner = nodes.getFirst();
    List<Long> released = new ArrayList<>();
    int releases = 0;
    for (int round = 0; round < 20; round++) {
      for (int op = 0; op < 30; op++) {
        EmbeddedLineStore any = nodes.get(random.nextInt(nodes.size()));
        Instant now = clock.instant();
        long last = owner.lastSeq(queue);
        switch (random.nextInt(8)) {
          case 0, 1, 2 -> {
            String key = random.nextInt(3) == 0 ? "k-" + random.nextInt(30) : null;
            any.join(queue, new NewVisitor(random.nextInt(3), key, null, now, null));
          }
          case 3 -> {
            if (last > 0) {
              any.cancel(queue, 1 + random.nextLong(last), now);
            }
          }
          case 4 -> {
            List<ReleasedVisitor> out =
                owner.release(queue, 1 + random.nextInt(3), now, now.plusSeconds(600), null);
            out.forEach(r -> released.add(r.seq()));
            releases += out.size();
          }
          case 5 -> {
            if (!released.isEmpty()) {
              any.complete(queue, released.get(random.nextInt(released.size())), now);
            }
          }
          default -> clock.tick(Duration.ofSeconds(1));
        }
      }
      nodes.forEach(EmbeddedLineStore::follow);
      assertAllAgreeWithTheRows();
    }
    assertThat(releases).isPositive();
    assertThat(nodes.get(1).counts(queue).waiting()).isPositive();
  }

  @Test
  void a_visitor_who_joined_through_one_node_is_known_at_once_to_the_others() {
    Instant now = clock.instant();
    nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null));
    long seq = nodes.get(1).join(queue, new NewVisitor(0, null, null, now, null)).visitor().seq();

    Optional<VisitorView> onThird = nodes.get(2).find(queue, seq, now);

    assertThat(onThird).isPresent();
    assertThat(onThird.get().position()).isEqualTo(2);
    assertThat(onThird.get().state()).isEqualTo(VisitorState.WAITING);
  }

  @Test
  void racing_joins_through_three_nodes_keep_one_place_per_key_and_the_line_limit()
      throws Exception {
    int limit = 120;
    int perNode = 150;
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * 4);
    CountDownLatch go = new CountDownLatch(1);
    Map<String, Set<Long>> placesByKey = new ConcurrentHashMap<>();
    AtomicInteger full = new AtomicInteger();
    AtomicInteger admitted = new AtomicInteger();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < nodes.size() * 4; n++) {
        EmbeddedLineStore node = nodes.get(n % nodes.size());
        int worker = n;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = 0; i < perNode / 4; i++) {
                    // Half the joins repeat one of 40 keys, on whichever node.
                    String key = (i + worker) % 2 == 0 ? "key-" + ((i * 7 + worker) % 40) : null;
                    try {
                      Joined joined =
                          node.join(
                              queue, new NewVisitor(0, key, null, clock.instant(), null), limit);
                      if (key != null) {
                        placesByKey
                            .computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet())
                            .add(joined.visitor().seq());
                      }
                      if (joined.created()) {
                        admitted.incrementAndGet();
                      }
                    } catch (LineFullException | CompletionException refused) {
                      full.incrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> worker : done) {
        worker.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    List<Long> seqs =
        jdbc.queryForList(
            "SELECT seq FROM visitors WHERE queue_id = ? ORDER BY seq", Long.class, queue);
    assertThat(seqs).hasSize(limit);
    assertThat(admitted.get()).isEqualTo(limit);
    assertThat(full.get()).isPositive();
    for (int i = 0; i < seqs.size(); i++) {
      assertThat(seqs.get(i)).as("numbers without a gap").isEqualTo(i + 1L);
    }
    placesByKey.forEach((key, places) -> assertThat(places).as("places of %s", key).hasSize(1));
    nodes.forEach(EmbeddedLineStore::follow);
    for (EmbeddedLineStore node : nodes) {
      assertThat(node.counts(queue).waiting()).isEqualTo(limit);
    }
    assertAllAgreeWithTheRows();
  }

  @Test
  void a_node_fenced_out_of_pacing_commits_no_release_and_no_straight_through_join() {
    Instant now = clock.instant();
    long seq = nodes.get(0).join(queue, new NewVisitor(0, null, null, now, null)).visitor().seq();
    fenceClosed.set(true);

    assertThatThrownBy(() -> nodes.get(0).release(queue, 5, now, now.plusSeconds(60), null))
        .isInstanceOf(LeaseLostException.class);
    assertThatThrownBy(
            () -> nodes.get(1).join(queue, new NewVisitor(0, null, null, now, now.plusSeconds(60))))
        .hasRootCauseInstanceOf(LeaseLostException.class);
    // A visitor's own cancel is no pacing decision: any node takes it.
    assertThat(nodes.get(2).cancel(queue, seq, now)).isEqualTo(VisitorState.CANCELLED);

    nodes.forEach(EmbeddedLineStore::follow);
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    assertThat(
            jdbc.queryForObject(
                "SELECT COUNT(*) FROM visitors WHERE queue_id = ? AND state = 2",
                Integer.class,
                queue))
        .isZero();
    for (EmbeddedLineStore node : nodes) {
      assertThat(node.find(queue, seq, now).orElseThrow().state())
          .isEqualTo(VisitorState.CANCELLED);
    }
    fenceClosed.set(false);
    long next = nodes.get(1).join(queue, new NewVisitor(0, null, null, now, null)).visitor().seq();
    assertThat(next).as("the refused join's number is free again").isEqualTo(seq + 1);
  }

  @Test
  void the_pacing_node_expires_only_visitors_that_no_node_saw_polling() {
    Instant start = clock.instant();
    long pollsElsewhere =
        nodes.get(0).join(queue, new NewVisitor(0, null, null, start, null)).visitor().seq();
    long silent =
        nodes.get(0).join(queue, new NewVisitor(0, null, null, start, null)).visitor().seq();
    clock.tick(Duration.ofSeconds(60));
    nodes.get(1).touch(queue, pollsElsewhere, clock.instant());
    nodes.get(1).exchangeSeen();
    assertThat(nodes.get(0).exchangeSeen()).as("polls applied by the pacing node").isEqualTo(1);
    clock.tick(Duration.ofSeconds(70));

    Instant now = clock.instant();
    int expired = nodes.get(0).expireIdle(queue, now.minusSeconds(120), now);

    assertThat(expired).isEqualTo(1);
    nodes.forEach(EmbeddedLineStore::follow);
    for (EmbeddedLineStore node : nodes) {
      assertThat(node.find(queue, pollsElsewhere, now).orElseThrow().state())
          .isEqualTo(VisitorState.WAITING);
      assertThat(node.find(queue, silent, now).orElseThrow().state())
          .isEqualTo(VisitorState.EXPIRED);
    }
  }

  @Test
  void a_commit_on_one_node_wakes_a_node_waiting_to_follow() throws Exception {
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try {
      // The first wait opens the listening connection; a short one, so the next is the real one.
      nodes.get(1).awaitChange(Duration.ofMillis(10));
      CountDownLatch waiting = new CountDownLatch(1);
      Future<?> woken =
          waiter.submit(
              () -> {
                waiting.countDown();
                nodes.get(1).awaitChange(Duration.ofSeconds(60));
                return null;
              });
      waiting.await();
      for (int i = 0; i < 20 && !woken.isDone(); i++) {
        // Until the waiter is surely listening: each join commits and rings.
        nodes.get(0).join(queue, new NewVisitor(0, null, null, clock.instant(), null));
        Thread.sleep(50);
      }
      // Far sooner than the minute it would otherwise wait.
      woken.get(30, TimeUnit.SECONDS);
    } finally {
      waiter.shutdownNow();
    }
  }

  @Test
  void a_node_behind_the_purged_events_starts_again_from_a_snapshot() {
    Instant now = clock.instant();
    for (int i = 0; i < 30; i++) {
      nodes.get(0).join(queue, new NewVisitor(i % 3, null, null, now, null));
    }
    nodes.get(0).cancel(queue, 4, now);
    assertThat(nodes.get(0).purgeLog(5)).isEqualTo(26);
    assertThat(nodes.get(1).behind(now)).as("never followed yet").isNull();

    nodes.get(1).follow();
    assertThat(nodes.get(1).behind(now)).as("the copy that lost its place is not current").isNull();
    nodes.get(1).follow();

    assertThat(nodes.get(1).behind(now)).isEqualTo(Duration.ZERO);
    nodes.get(2).follow();
    assertAllAgreeWithTheRows();
  }

  @Test
  void joins_are_refused_at_once_when_the_head_cannot_be_locked() {
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    JdbcClient client = JdbcClient.create(dataSource);
    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    JdbcLineLog log = new JdbcLineLog(jdbc, client, transactions);
    AtomicBoolean down = new AtomicBoolean();
    SharedLines failing = new HeadThatFails(log, down);
    EmbeddedLineStore node =
        new EmbeddedLineStore(
            new JdbcVisitorJournal(jdbc, client, transactions, log),
            keys,
            clock,
            JoinWriter.DEFAULT_CAPACITY,
            Duration.ofSeconds(1),
            EventSubscriptions.NONE,
            failing);
    nodes.add(node);
    node.open(queue, null);
    down.set(true);

    assertThatThrownBy(() -> node.join(queue, new NewVisitor(0, null, null, clock.instant(), null)))
        .isInstanceOf(dev.anteroom.common.StoreUnavailableException.class);

    down.set(false);
    assertThat(node.join(queue, new NewVisitor(0, null, null, clock.instant(), null)).created())
        .isTrue();
  }

  /** The shared lines of a database whose head lock cannot be taken while {@code down}. */
  private record HeadThatFails(JdbcLineLog log, AtomicBoolean down) implements SharedLines {
    @Override
    public <T> T underHead(long queueId, java.util.function.LongFunction<T> work) {
      if (down.get()) {
        throw new dev.anteroom.common.StoreUnavailableException("down", null);
      }
      return log.underHead(queueId, work);
    }

    @Override
    public void awaitChange(Duration atMost) throws InterruptedException {
      log.awaitChange(atMost);
    }

    @Override
    public void close() {
      log.close();
    }

    @Override
    public SeenReports seenReports() {
      return log.seenReports();
    }

    @Override
    public int purge(long queueId, long keep) {
      return log.purge(queueId, keep);
    }

    @Override
    public Optional<Instant> lastReleaseAt(long queueId) {
      return log.lastReleaseAt(queueId);
    }

    @Override
    public Map<Long, Long> lastEvents(java.util.Collection<Long> queueIds) {
      return log.lastEvents(queueIds);
    }

    @Override
    public List<LineEvent> after(long queueId, long afterEventNo, int limit) {
      return log.after(queueId, afterEventNo, limit);
    }

    @Override
    public Snapshot snapshot(
        long queueId, Instant now, java.util.function.Consumer<VisitorRow> sink) {
      return log.snapshot(queueId, now, sink);
    }
  }

  /** Every node's view of every visitor against the rows: waiting ones by priority, then seq. */
  private void assertAllAgreeWithTheRows() {
    Instant now = clock.instant();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    Map<Long, Integer> stateOf = new HashMap<>();
    List<long[]> waiting = new ArrayList<>();
    jdbc.query(
        "SELECT seq, state, priority, expires_at FROM visitors WHERE queue_id = ?",
        rs -> {
          stateOf.put(rs.getLong(1), rs.getInt(2));
          if (rs.getInt(2) == 1) {
            waiting.add(new long[] {rs.getLong(1), rs.getInt(3)});
          }
        },
        queue);
    waiting.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) : Long.compare(a[0], b[0]));
    Map<Long, Integer> positionOf = new HashMap<>();
    for (int i = 0; i < waiting.size(); i++) {
      positionOf.put(waiting.get(i)[0], i + 1);
    }
    Set<Long> seen = new HashSet<>();
    for (Map.Entry<Long, Integer> row : stateOf.entrySet()) {
      long seq = row.getKey();
      seen.add(seq);
      for (int n = 0; n < nodes.size(); n++) {
        Optional<VisitorView> view = nodes.get(n).find(queue, seq, now);
        assertThat(view).as("node %d knows %d", n, seq).isPresent();
        VisitorState expected = VisitorState.ofCode(row.getValue());
        if (expected == VisitorState.RELEASED && view.get().state() == VisitorState.EXPIRED) {
          continue; // a pass that ran out by time reads as expired before its row says so
        }
        assertThat(view.get().state()).as("node %d: state of %d", n, seq).isEqualTo(expected);
        assertThat(view.get().position())
            .as("node %d: position of %d", n, seq)
            .isEqualTo(positionOf.getOrDefault(seq, 0));
      }
    }
    for (EmbeddedLineStore node : nodes) {
      assertThat(node.counts(queue).waiting()).isEqualTo(waiting.size());
    }
    assertThat(seen).hasSize(stateOf.size());
  }
}

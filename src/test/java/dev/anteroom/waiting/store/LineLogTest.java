package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The line log on PostgreSQL: every change a store commits is logged in its transaction, numbered
 * in commit order without gaps, and a copy of the line that follows the log (from the start, or
 * from a snapshot taken later) gives every visitor the state and position the store gives.
 */
@RequiresPostgres
class LineLogTest {

  private static final Duration IDLE = Duration.ofMinutes(2);

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final VisitorKeyHasher keys =
      new VisitorKeyHasher("line-log-test".getBytes(StandardCharsets.UTF_8));
  private DataSource dataSource;
  private JdbcLineLog log;
  private JdbcVisitorJournal journal;
  private EmbeddedLineStore store;
  private long queue;
  private int expiredIdle;

  @BeforeEach
  void store() {
    dataSource = TestDatabases.postgres();
    JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    JdbcClient client = JdbcClient.create(dataSource);
    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    log = new JdbcLineLog(jdbc, client, transactions);
    journal = new JdbcVisitorJournal(jdbc, client, transactions, log);
    store = new EmbeddedLineStore(journal, keys, clock);
    queue = TestDatabases.newQueue(dataSource);
    store.open(queue, null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void copies_that_follow_the_log_agree_with_the_store_on_every_visitor() {
    SplittableRandom random = new SplittableRandom(42);
    LineFollower fromStart = LineFollower.start(queue, log, keys, null, clock.instant());
    LineFollower fromMidway = null;
    List<Long> released = new ArrayList<>();
    for (int round = 0; round < 24; round++) {
      for (int op = 0; op < 40; op++) {
        act(random, released);
      }
      if (round == 10) {
        fromMidway = LineFollower.start(queue, log, keys, null, clock.instant());
      }
      fromStart.catchUp();
      assertAgrees(fromStart, true);
      if (fromMidway != null) {
        fromMidway.catchUp();
        assertAgrees(fromMidway, false);
      }
    }
    assertThat(store.counts(queue).waiting()).isPositive();
    assertThat(released).isNotEmpty();
    assertThat(expiredIdle).isPositive();
    // A visitor key joined again finds its live place in a copy too.
    long keyed = store.join(queue, visitor(0, "k-3")).visitor().seq();
    fromStart.catchUp();
    long found = fromStart.line().read(index -> index.findLive(keys.hash("k-3")));
    assertThat(found).isEqualTo(keyed);
  }

  private void act(SplittableRandom random, List<Long> released) {
    Instant now = clock.instant();
    long last = store.lastSeq(queue);
    switch (random.nextInt(10)) {
      case 0, 1, 2, 3 -> {
        String key = random.nextInt(3) == 0 ? "k-" + random.nextInt(40) : null;
        store.join(queue, visitor(random.nextInt(3), key));
      }
      case 4 -> store.join(queue, new NewVisitor(0, null, null, now, now.plus(Duration.ofDays(1))));
      case 5 -> {
        if (last > 0) {
          store.cancel(queue, 1 + random.nextLong(last), now);
        }
      }
      case 6 ->
          store
              .release(queue, 1 + random.nextInt(3), now, now.plus(Duration.ofDays(1)), null)
              .forEach(r -> released.add(r.seq()));
      case 7 -> {
        if (!released.isEmpty()) {
          store.complete(queue, released.get(random.nextInt(released.size())), now);
        }
      }
      case 8 -> {
        // Time passes beyond the idle timeout and everyone but a few has polled meanwhile.
        clock.tick(IDLE.plusSeconds(1));
        for (long seq = 1; seq <= last; seq++) {
          if (random.nextInt(8) != 0) {
            store.touch(queue, seq, clock.instant());
          }
        }
        expiredIdle += store.expireIdle(queue, clock.instant().minus(IDLE), clock.instant());
      }
      default -> clock.tick(Duration.ofSeconds(1 + random.nextInt(5)));
    }
  }

  private void assertAgrees(LineFollower copy, boolean knowsEveryone) {
    Instant now = clock.instant();
    for (long seq = 1; seq <= store.lastSeq(queue); seq++) {
      Optional<VisitorView> truth = store.find(queue, seq, now);
      Optional<VisitorView> copied = copy.view(seq);
      if (truth.isEmpty() || (!knowsEveryone && copied.isEmpty())) {
        // A copy started later never knew visitors who had ended before it.
        assertThat(truth.map(v -> v.state().isFinal()).orElse(true)).as("visitor %d", seq).isTrue();
        continue;
      }
      VisitorView expected = truth.get();
      VisitorState held = copied.map(VisitorView::state).orElse(null);
      if (expected.state().isFinal() && held == null) {
        continue;
      }
      assertThat(copied).as("visitor %d", seq).isPresent();
      assertThat(copied.get().state()).as("state of %d", seq).isEqualTo(expected.state());
      assertThat(copied.get().position()).as("position of %d", seq).isEqualTo(expected.position());
      assertThat(copied.get().priority()).as("priority of %d", seq).isEqualTo(expected.priority());
    }
    int copiedWaiting = copy.line().read(index -> index.waiting());
    assertThat(copiedWaiting).isEqualTo(store.counts(queue).waiting());
  }

  @Test
  void events_are_numbered_in_commit_order_so_a_reader_never_skips_one() throws Exception {
    int writers = 4;
    int perWriter = 150;
    List<Long> seqs = new ArrayList<>();
    for (int i = 0; i < writers * perWriter; i++) {
      seqs.add(store.join(queue, visitor(0, null)).visitor().seq());
    }
    long start =
        new JdbcTemplate(dataSource)
                .queryForObject(
                    "SELECT next_event FROM line_heads WHERE queue_id = ?", Long.class, queue)
            - 1;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    CountDownLatch go = new CountDownLatch(1);
    AtomicBoolean writing = new AtomicBoolean(true);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int first = w;
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  for (int i = first; i < seqs.size(); i += writers) {
                    // One transaction per visitor, racing the other writers for the head's lock.
                    journal.transition(
                        List.of(
                            new Transition(
                                queue,
                                seqs.get(i),
                                VisitorState.WAITING,
                                VisitorState.CANCELLED,
                                clock.instant(),
                                null,
                                EndReason.CANCELLED)));
                  }
                  return null;
                }));
      }
      Future<List<Long>> read =
          pool.submit(
              () -> {
                List<Long> numbers = new ArrayList<>();
                long last = start;
                go.await();
                while (writing.get() || numbers.size() < seqs.size()) {
                  for (LineEvent event : log.after(queue, last, 50)) {
                    numbers.add(event.eventNo());
                    last = event.eventNo();
                  }
                  if (numbers.size() >= seqs.size()) {
                    break;
                  }
                }
                return numbers;
              });
      go.countDown();
      for (Future<?> writer : done) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      List<Long> numbers = read.get(60, TimeUnit.SECONDS);
      assertThat(numbers).hasSize(seqs.size());
      for (int i = 0; i < numbers.size(); i++) {
        assertThat(numbers.get(i)).as("event %d read", i).isEqualTo(start + 1 + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private NewVisitor visitor(int priority, String key) {
    return new NewVisitor(priority, key, null, clock.instant(), null);
  }
}

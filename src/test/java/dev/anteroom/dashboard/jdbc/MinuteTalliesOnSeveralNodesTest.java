package dev.anteroom.dashboard.jdbc;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.dashboard.AggregateStore;
import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import dev.anteroom.dashboard.Aggregates;
import dev.anteroom.dashboard.MinuteFlusher;
import dev.anteroom.dashboard.Resolution;
import dev.anteroom.dashboard.Tally;
import dev.anteroom.queue.InMemoryQueueStore;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.support.GatedJournal;
import dev.anteroom.support.MutableClock;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.ReleasedVisitor;
import dev.anteroom.waiting.store.VisitorKeyHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Two nodes flushing their tallies of the same minutes into one database: what each did adds up
 * (joins on the node that took them, releases and their waits on the node pacing), the line each
 * holds a copy of is counted once, and the hour both roll up is rolled once.
 */
class MinuteTalliesOnSeveralNodesTest {

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

    private static final Instant HOUR = Instant.parse("2026-05-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(HOUR.plusSeconds(10));
    private final InMemoryQueueStore queueStore = new InMemoryQueueStore();
    private final QueueDirectory directory = new QueueDirectory(queueStore::all, List::of);
    private final EmbeddedLineStore lines =
        new EmbeddedLineStore(new GatedJournal(), new VisitorKeyHasher(new byte[] {1}), clock);
    private final AggregateStore store;
    private final Queue queue = aQueue().ofApplication(7).build();
    private final LineMeters onA = new LineMeters();
    private final LineMeters onB = new LineMeters();
    private final MinuteFlusher a;
    private final MinuteFlusher b;

    Contract(DataSource database) {
      store = new JdbcAggregateStore(JdbcClient.create(database));
      queueStore.put(queue);
      directory.refresh();
      lines.open(queue.id(), queue.shuffle());
      a = new MinuteFlusher(directory, lines, onA, store, "node-a");
      b = new MinuteFlusher(directory, lines, onB, store, "node-b");
    }

    @AfterEach
    void close() {
      lines.close();
    }

    private void flushBoth() {
      a.flush(clock.instant());
      b.flush(clock.instant());
    }

    private Tally minute(Instant start) {
      return new Aggregates(store)
          .byQueue(Resolution.MINUTE, Scope.ALL, start, start.plus(Duration.ofMinutes(1)))
          .get(queue.id())
          .get(start)
          .tally();
    }

    private ReleasedVisitor waited(long seq, long seconds) {
      Instant now = clock.instant();
      return new ReleasedVisitor(seq, 5, now, now.plusSeconds(600), now.minusSeconds(seconds));
    }

    @Test
    void what_every_node_did_in_a_minute_adds_up_and_the_line_counts_once() {
      for (int i = 0; i < 5; i++) {
        lines.join(queue.id(), new NewVisitor(5, null, null, clock.instant(), null));
      }
      onA.of(queue.id()).joined.add(3);
      onB.of(queue.id()).joined.add(2);
      onA.of(queue.id()).released.add(2);
      a.released(queue.id(), List.of(waited(1, 30), waited(2, 90)));
      onB.of(queue.id()).cancelled.add(1);
      clock.tick(Duration.ofSeconds(10));
      flushBoth();
      onB.of(queue.id()).joined.add(4);
      clock.tick(Duration.ofSeconds(20));
      flushBoth();

      Tally first = minute(HOUR);
      assertThat(first.joins()).isEqualTo(9);
      assertThat(first.releases()).isEqualTo(2);
      assertThat(first.cancellations()).isEqualTo(1);
      assertThat(first.waitCount()).isEqualTo(2);
      assertThat(first.waitSumMillis()).isEqualTo(120_000);
      assertThat(first.lengthEnd()).as("one line, held by both").isEqualTo(5);
      assertThat(first.lengthMax()).isEqualTo(5);

      onA.of(queue.id()).joined.add(1);
      clock.set(HOUR.plus(Duration.ofMinutes(1)).plusSeconds(5));
      flushBoth();
      assertThat(minute(HOUR.plus(Duration.ofMinutes(1))).joins()).isEqualTo(1);

      // Past the hour and its grace: both nodes roll it up; it is rolled once.
      clock.set(HOUR.plus(Duration.ofMinutes(62)).plusSeconds(30));
      flushBoth();
      List<PeriodRow> hours =
          store.read(Resolution.HOUR, Scope.ALL, HOUR, HOUR.plus(Duration.ofHours(1)));
      assertThat(hours)
          .singleElement()
          .satisfies(
              row -> {
                assertThat(row.tally().joins()).isEqualTo(10);
                assertThat(row.tally().releases()).isEqualTo(2);
                assertThat(row.tally().lengthMax()).isEqualTo(5);
              });
    }
  }
}

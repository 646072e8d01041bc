package dev.anteroom.waiting.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.StoreUnavailableException;
import dev.anteroom.support.MutableClock;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.store.jdbc.JdbcVisitorJournal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox is written with the change that causes it, or not at all: on each journal (in memory,
 * H2, PostgreSQL), every change that applies writes its event once, a change whose event cannot be
 * written does not happen, and queues that do not send an event get no row.
 */
class OutboxWritesTest {

  @Nested
  class InMemory extends Contract {
    private final InMemoryVisitorJournal journal = new InMemoryVisitorJournal();
    private final AtomicLong queues = new AtomicLong();

    @Override
    VisitorJournal journal() {
      return journal;
    }

    @Override
    long newQueue() {
      return queues.incrementAndGet();
    }

    @Override
    List<OutboxEvent> events() {
      return journal.events().stream()
          .filter(e -> e.queueId() == queue)
          .sorted(
              java.util.Comparator.comparingLong(OutboxEvent::seq)
                  .thenComparingInt(e -> e.event().code()))
          .toList();
    }

    @Override
    void plant(OutboxEvent event) {
      journal.plantEvent(event);
    }
  }

  @Nested
  class OnH2 extends JdbcContract {
    @Override
    DataSource dataSource() {
      return TestDatabases.h2();
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends JdbcContract {
    @Override
    DataSource dataSource() {
      return TestDatabases.postgres();
    }
  }

  abstract static class JdbcContract extends Contract {
    private JdbcClient jdbc;
    private VisitorJournal journal;

    abstract DataSource dataSource();

    @Override
    VisitorJournal journal() {
      return journal;
    }

    @Override
    long newQueue() {
      DataSource dataSource = dataSource();
      jdbc = JdbcClient.create(dataSource);
      journal =
          new JdbcVisitorJournal(
              new JdbcTemplate(dataSource),
              jdbc,
              new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
      return TestDatabases.newQueue(dataSource);
    }

    @Override
    List<OutboxEvent> events() {
      // A pending row, never tried, due when it happened: what the dispatcher claims.
      assertThat(
              jdbc.sql(
                      "SELECT COUNT(*) FROM callback_outbox WHERE queue_id = :queue AND (state <> 1"
                          + " OR attempts <> 0 OR due_at <> occurred_at OR claimed_until IS NOT"
                          + " NULL OR finished_at IS NOT NULL)")
                  .param("queue", queue)
                  .query(Long.class)
                  .single())
          .isZero();
      return jdbc.sql(
              "SELECT queue_id, seq, event_type, occurred_at FROM callback_outbox"
                  + " WHERE queue_id = :queue ORDER BY seq, event_type")
          .param("queue", queue)
          .query(
              (rs, n) ->
                  new OutboxEvent(
                      rs.getLong("queue_id"),
                      rs.getLong("seq"),
                      VisitorEvent.ofCode(rs.getInt("event_type")),
                      Instant.ofEpochMilli(rs.getLong("occurred_at"))))
          .list();
    }

    @Override
    void plant(OutboxEvent event) {
      jdbc.sql(
              "INSERT INTO callback_outbox (queue_id, seq, event_type, occurred_at, state,"
                  + " attempts, due_at) VALUES (:queue, :seq, :type, :at, 1, 0, :at)")
          .param("queue", event.queueId())
          .param("seq", event.seq())
          .param("type", event.event().code())
          .param("at", event.occurredAt().toEpochMilli())
          .update();
    }
  }

  abstract static class Contract {

    final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
    final VisitorKeyHasher keys = new VisitorKeyHasher("test".getBytes());
    final Set<VisitorEvent> subscribed = EnumSet.allOf(VisitorEvent.class);
    private final List<WaitingLineStore> opened = new ArrayList<>();
    long queue;
    WaitingLineStore store;

    abstract VisitorJournal journal();

    abstract long newQueue();

    /** The queue's outbox rows, by visitor then event type. */
    abstract List<OutboxEvent> events();

    abstract void plant(OutboxEvent event);

    @BeforeEach
    void openStore() {
      queue = newQueue();
      store = restart();
    }

    @AfterEach
    void closeStores() {
      opened.forEach(WaitingLineStore::close);
    }

    WaitingLineStore restart() {
      WaitingLineStore fresh =
          new EmbeddedLineStore(
              journal(), keys, clock, (queueId, event) -> subscribed.contains(event));
      opened.add(fresh);
      fresh.open(queue, null);
      return fresh;
    }

    long join(int priority) {
      return store
          .join(queue, new NewVisitor(priority, null, null, clock.instant(), null))
          .visitor()
          .seq();
    }

    OutboxEvent event(long seq, VisitorEvent type, Instant at) {
      return new OutboxEvent(queue, seq, type, at);
    }

    @Test
    void each_released_visitor_gets_one_released_event_with_its_release() {
      long a = join(0);
      long b = join(0);
      join(0);
      Instant at = clock.instant();

      List<ReleasedVisitor> released = store.release(queue, 2, at, at.plusSeconds(60), null);
      store.release(queue, 0, at, at.plusSeconds(60), null);

      assertThat(released).hasSize(2);
      assertThat(events())
          .containsExactly(
              event(a, VisitorEvent.RELEASED, at), event(b, VisitorEvent.RELEASED, at));
    }

    @Test
    void a_release_whose_event_cannot_be_written_does_not_happen() {
      long a = join(0);
      long b = join(0);
      Instant at = clock.instant();
      // The outbox already holds b's event (its key is taken), so the release's write fails.
      plant(event(b, VisitorEvent.RELEASED, at.minusSeconds(5)));

      assertThatThrownBy(() -> store.release(queue, 2, at, at.plusSeconds(60), null))
          .isInstanceOf(RuntimeException.class);

      for (long seq : new long[] {a, b}) {
        assertThat(journal().find(queue, seq).orElseThrow().state())
            .isEqualTo(VisitorState.WAITING);
        assertThat(store.find(queue, seq, at).orElseThrow().state())
            .isEqualTo(VisitorState.WAITING);
      }
      assertThat(store.find(queue, b, at).orElseThrow().position()).isEqualTo(2);
      assertThat(store.counts(queue)).isEqualTo(new LineCounts(2, 0));
      assertThat(events()).containsExactly(event(b, VisitorEvent.RELEASED, at.minusSeconds(5)));
      assertThat(restart().counts(queue)).isEqualTo(new LineCounts(2, 0));
    }

    @Test
    void a_straight_through_join_records_its_release_and_a_waiting_join_its_place() {
      long first = join(0);
      long second = join(0);
      long ahead = join(3);
      Instant at = clock.instant();
      long through =
          store.join(queue, new NewVisitor(0, null, null, at, at.plusSeconds(60))).visitor().seq();

      assertThat(events()).containsExactly(event(through, VisitorEvent.RELEASED, at));
      assertThat(journal().find(queue, first).orElseThrow().positionAtJoin()).isEqualTo(1);
      assertThat(journal().find(queue, second).orElseThrow().positionAtJoin()).isEqualTo(2);
      assertThat(journal().find(queue, ahead).orElseThrow().positionAtJoin()).isEqualTo(1);
      assertThat(journal().find(queue, through).orElseThrow().positionAtJoin()).isNull();
    }

    @Test
    void a_straight_through_join_whose_event_cannot_be_written_is_refused() {
      Instant at = clock.instant();
      long next = store.lastSeq(queue) + 1;
      plant(event(next, VisitorEvent.RELEASED, at));

      assertThatThrownBy(
              () -> store.join(queue, new NewVisitor(0, null, null, at, at.plusSeconds(60))))
          .isInstanceOf(StoreUnavailableException.class);

      assertThat(journal().find(queue, next)).isEmpty();
      assertThat(store.counts(queue)).isEqualTo(new LineCounts(0, 0));
    }

    @Test
    void cancels_idle_expiries_and_completions_record_their_events() {
      long completed = join(0);
      long cancelled = join(0);
      long idle = join(0);
      Instant start = clock.instant();
      store.release(queue, 1, start, start.plusSeconds(600), null);
      clock.tick(Duration.ofSeconds(1));
      Instant t1 = clock.instant();

      assertThat(store.complete(queue, completed, t1)).isTrue();
      assertThat(store.cancel(queue, cancelled, t1)).isEqualTo(VisitorState.CANCELLED);
      clock.tick(Duration.ofSeconds(200));
      Instant t2 = clock.instant();
      assertThat(store.expireIdle(queue, t2.minusSeconds(120), t2)).isEqualTo(1);

      assertThat(events())
          .containsExactly(
              event(completed, VisitorEvent.RELEASED, start),
              event(completed, VisitorEvent.COMPLETED, t1),
              event(cancelled, VisitorEvent.CANCELLED, t1),
              event(idle, VisitorEvent.EXPIRED, t2));
    }

    @Test
    void a_queue_records_only_the_events_it_sends() {
      subscribed.clear();
      store = restart();
      long a = join(0);
      long b = join(0);
      Instant at = clock.instant();
      store.release(queue, 1, at, at.plusSeconds(30), null);
      store.cancel(queue, b, at);
      store.join(queue, new NewVisitor(0, null, null, at, at.plusSeconds(30)));
      clock.tick(Duration.ofSeconds(31));
      store.expirePasses(queue, clock.instant());

      assertThat(events()).isEmpty();
      assertThat(journal().find(queue, a).orElseThrow().state()).isEqualTo(VisitorState.RELEASED);
    }

    @Test
    void passes_that_run_out_record_expired_once_and_a_completed_one_does_not() {
      long a = join(0);
      long b = join(0);
      Instant at = clock.instant();
      Instant until = at.plusSeconds(30);
      store.release(queue, 2, at, until, null);
      assertThat(store.complete(queue, a, at)).isTrue();
      clock.tick(Duration.ofSeconds(31));

      assertThat(store.expirePasses(queue, clock.instant())).isEqualTo(1);
      assertThat(store.expirePasses(queue, clock.instant())).isZero();
      restart();

      assertThat(events())
          .containsExactly(
              event(a, VisitorEvent.RELEASED, at),
              event(a, VisitorEvent.COMPLETED, at),
              event(b, VisitorEvent.RELEASED, at),
              event(b, VisitorEvent.EXPIRED, until));
    }

    @Test
    void opening_a_line_catches_up_on_passes_that_ran_out_while_it_was_closed() {
      long old = join(0);
      Instant first = clock.instant();
      store.release(queue, 1, first, first.plusSeconds(30), null);
      clock.tick(Duration.ofDays(3));
      long a = join(0);
      long b = join(0);
      long waiting = join(0);
      Instant at = clock.instant();
      store.release(queue, 2, at, at.plusSeconds(30), null);
      clock.tick(Duration.ofSeconds(45));

      WaitingLineStore reopened = restart();
      restart();

      assertThat(reopened.counts(queue)).isEqualTo(new LineCounts(1, 0));
      assertThat(events())
          .containsExactly(
              event(old, VisitorEvent.RELEASED, first),
              event(a, VisitorEvent.RELEASED, at),
              event(a, VisitorEvent.EXPIRED, at.plusSeconds(30)),
              event(b, VisitorEvent.RELEASED, at),
              event(b, VisitorEvent.EXPIRED, at.plusSeconds(30)));
      assertThat(journal().find(queue, waiting).orElseThrow().state())
          .isEqualTo(VisitorState.WAITING);
    }
  }
}

package dev.anteroom.waiting.store.jdbc;

import static dev.anteroom.common.jdbc.DatabaseFailures.guarded;

import dev.anteroom.waiting.store.LineEvent;
import dev.anteroom.waiting.store.SeenReports;
import dev.anteroom.waiting.store.SharedLines;
import dev.anteroom.waiting.store.VisitorRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ParameterizedPreparedStatementSetter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The line log on PostgreSQL: {@code line_heads} numbers each queue's events under its row lock,
 * held to commit, so the numbers come out in commit order; {@code line_events} keeps them for
 * followers. {@link #append} runs inside the journal's transaction of the change.
 */
public final class JdbcLineLog implements SharedLines {

  /**
   * Takes {@code n} event numbers (and moves next_seq past the highest seq written): creates the
   * head on a queue's first event. Answers the next_event after the update.
   */
  private static final String TAKE_NUMBERS =
      "INSERT INTO line_heads (queue_id, next_event, next_seq) VALUES (?, ? + 1, ?)"
          + " ON CONFLICT (queue_id) DO UPDATE SET"
          + " next_event = line_heads.next_event + EXCLUDED.next_event - 1,"
          + " next_seq = GREATEST(line_heads.next_seq, EXCLUDED.next_seq)"
          + " RETURNING next_event";

  private static final String INSERT_EVENT =
      "INSERT INTO line_events (queue_id, event_no, kind, seq, priority, at_ms)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private static final String READ_AFTER =
      "SELECT e.event_no, e.kind, e.seq, e.priority, e.at_ms, v.visitor_key FROM line_events e"
          + " LEFT JOIN visitors v ON e.kind IN (1, 2) AND v.queue_id = e.queue_id"
          + " AND v.seq = e.seq WHERE e.queue_id = ? AND e.event_no > ? ORDER BY e.event_no"
          + " LIMIT ?";

  /** Creates the head of a queue that has none yet, so that it can be locked. */
  private static final String CREATE_HEAD =
      "INSERT INTO line_heads (queue_id, next_event, next_seq) VALUES (?, 1, 1)"
          + " ON CONFLICT (queue_id) DO NOTHING";

  private static final String LOCK_HEAD =
      "SELECT next_event FROM line_heads WHERE queue_id = ? FOR UPDATE";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final TransactionTemplate snapshots;
  private final JdbcVisitorJournal rows;
  private final JdbcSeenReports seen;
  private final LineBell bell;

  public JdbcLineLog(JdbcTemplate jdbc, JdbcClient client, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.snapshots = new TransactionTemplate(transactions.getTransactionManager());
    snapshots.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    snapshots.setReadOnly(true);
    this.rows = new JdbcVisitorJournal(jdbc, client, transactions);
    this.seen = new JdbcSeenReports(jdbc);
    this.bell = new LineBell(jdbc.getDataSource());
  }

  @Override
  public void awaitChange(Duration atMost) throws InterruptedException {
    bell.await(atMost);
  }

  @Override
  public void close() {
    bell.close();
  }

  @Override
  public SeenReports seenReports() {
    return seen;
  }

  /**
   * Logs the events in the caller's transaction, each queue's under its head's lock. Queues are
   * taken in ascending order, so two transactions that log several queues cannot deadlock.
   */
  void append(List<LineEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(
          new TransactionSynchronization() {
            @Override
            public void afterCommit() {
              bell.ring();
            }
          });
    }
    Map<Long, List<LineEvent>> byQueue = new TreeMap<>();
    for (LineEvent event : events) {
      byQueue.computeIfAbsent(event.queueId(), id -> new ArrayList<>()).add(event);
    }
    byQueue.forEach(this::append);
  }

  private void append(long queueId, List<LineEvent> events) {
    long highestSeq = events.stream().mapToLong(LineEvent::seq).max().orElse(0);
    Long next =
        jdbc.queryForObject(
            TAKE_NUMBERS, Long.class, queueId, (long) events.size(), highestSeq + 1);
    long first = next - events.size();
    jdbc.batchUpdate(
        INSERT_EVENT,
        events,
        events.size(),
        new ParameterizedPreparedStatementSetter<LineEvent>() {
          private long number = first;

          @Override
          public void setValues(PreparedStatement ps, LineEvent event) throws SQLException {
            ps.setLong(1, event.queueId());
            ps.setLong(2, number++);
            ps.setInt(3, event.kind().code());
            ps.setLong(4, event.seq());
            ps.setInt(5, event.priority());
            ps.setLong(6, event.at().toEpochMilli());
          }
        });
  }

  @Override
  public <T> T underHead(long queueId, LongFunction<T> work) {
    return guarded(
        () ->
            transactions.execute(
                status -> {
                  jdbc.update(CREATE_HEAD, queueId);
                  Long next = jdbc.queryForObject(LOCK_HEAD, Long.class, queueId);
                  return work.apply(next - 1);
                }));
  }

  @Override
  public int purge(long queueId, long keep) {
    return guarded(
        () ->
            jdbc.update(
                "DELETE FROM line_events WHERE queue_id = ? AND event_no <= (SELECT next_event - 1"
                    + " FROM line_heads WHERE queue_id = ?) - ?",
                queueId,
                queueId,
                keep));
  }

  @Override
  public Optional<Instant> lastReleaseAt(long queueId) {
    List<Long> at =
        guarded(
            () ->
                jdbc.queryForList(
                    "SELECT v.released_at FROM line_events e JOIN visitors v ON v.queue_id ="
                        + " e.queue_id AND v.seq = e.seq WHERE e.queue_id = ? AND e.kind IN (2, 3)"
                        + " ORDER BY e.event_no DESC LIMIT 1",
                    Long.class,
                    queueId));
    return at.isEmpty() || at.getFirst() == null
        ? Optional.empty()
        : Optional.of(Instant.ofEpochMilli(at.getFirst()));
  }

  @Override
  public Map<Long, Long> lastEvents(Collection<Long> queueIds) {
    return PerQueue.numbers(
        jdbc, "SELECT queue_id, next_event - 1 FROM line_heads WHERE queue_id = ANY (?)", queueIds);
  }

  @Override
  public List<LineEvent> after(long queueId, long afterEventNo, int limit) {
    return guarded(
        () ->
            jdbc.query(
                READ_AFTER,
                (rs, n) ->
                    new LineEvent(
                        queueId,
                        rs.getLong(1),
                        LineEvent.Kind.ofCode(rs.getInt(2)),
                        rs.getLong(3),
                        rs.getInt(4),
                        Instant.ofEpochMilli(rs.getLong(5)),
                        rs.getString(6)),
                queueId,
                afterEventNo,
                limit));
  }

  @Override
  public Snapshot snapshot(long queueId, Instant now, Consumer<VisitorRow> sink) {
    return guarded(
        () ->
            snapshots.execute(
                status -> {
                  // The rows come through a cursor, idle between fetches: a collection pause must
                  // not end this transaction (nodes sharing a database end idle ones after 2 s).
                  jdbc.execute("SET LOCAL idle_in_transaction_session_timeout = 0");
                  List<Snapshot> head =
                      jdbc.query(
                          "SELECT next_event, next_seq FROM line_heads WHERE queue_id = ?",
                          (rs, n) -> new Snapshot(rs.getLong(1) - 1, rs.getLong(2)),
                          queueId);
                  rows.loadLive(queueId, now, sink);
                  // Rows written before the log existed have no head; the highest seq still bounds
                  // them.
                  long maxSeq =
                      jdbc.queryForObject(
                          "SELECT COALESCE(MAX(seq), 0) FROM visitors WHERE queue_id = ?",
                          Long.class,
                          queueId);
                  Snapshot logged = head.isEmpty() ? new Snapshot(0, 1) : head.getFirst();
                  return new Snapshot(logged.lastEventNo(), Math.max(logged.nextSeq(), maxSeq + 1));
                }));
  }
}

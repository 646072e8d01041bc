package dev.anteroom.waiting.store.jdbc;

import static dev.anteroom.common.jdbc.DatabaseFailures.guarded;
import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.integerOrNull;
import static dev.anteroom.common.jdbc.Rows.millisOrNull;

import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.store.EndReason;
import dev.anteroom.waiting.store.LineEvent;
import dev.anteroom.waiting.store.OutboxEvent;
import dev.anteroom.waiting.store.PaceFence;
import dev.anteroom.waiting.store.Transition;
import dev.anteroom.waiting.store.VisitorJournal;
import dev.anteroom.waiting.store.VisitorRow;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The visitor journal in the relational database: batched, one transaction per call. */
public final class JdbcVisitorJournal implements VisitorJournal {

  private static final String COLUMNS =
      "queue_id, seq, priority, state, visitor_key, metadata, joined_at, released_at,"
          + " expires_at, ended_at, end_reason, position_at_join";

  private static final String INSERT_EVENT =
      "INSERT INTO callback_outbox (queue_id, seq, event_type, occurred_at, state, attempts,"
          + " due_at) VALUES (?, ?, ?, ?, 1, 0, ?)";

  /**
   * visitor.expired for a pass that ran out by time, once: the row must still be released with its
   * pass ended, and no such event may exist. INSERT ... SELECT ... WHERE NOT EXISTS is accepted by
   * H2, PostgreSQL and SQL Server alike; the primary key still refuses a racing second copy.
   */
  private static final String INSERT_PASS_EXPIRY =
      "INSERT INTO callback_outbox (queue_id, seq, event_type, occurred_at, state, attempts,"
          + " due_at) SELECT v.queue_id, v.seq, 2, v.expires_at, 1, 0, v.expires_at FROM visitors v"
          + " WHERE v.queue_id = ? AND %s AND v.state = 2 AND v.expires_at <= ? AND NOT EXISTS"
          + " (SELECT 1 FROM callback_outbox o WHERE o.queue_id = v.queue_id AND o.seq = v.seq"
          + " AND o.event_type = 2)";

  private final JdbcTemplate jdbc;
  private final JdbcClient client;
  private final TransactionTemplate transactions;
  private final JdbcLineLog log;
  private final PaceFence fence;

  /** A journal that keeps no line log: the embedded database, one node. */
  public JdbcVisitorJournal(
      JdbcTemplate jdbc, JdbcClient client, TransactionTemplate transactions) {
    this(jdbc, client, transactions, null);
  }

  /**
   * @param log where every change of a line is also logged, in the transaction of the change, for
   *     other nodes to follow; null for none
   */
  public JdbcVisitorJournal(
      JdbcTemplate jdbc, JdbcClient client, TransactionTemplate transactions, JdbcLineLog log) {
    this(jdbc, client, transactions, log, PaceFence.NONE);
  }

  /**
   * @param fence checked in the transaction of every pacing decision (a release, an idle expiry, a
   *     join let straight through), before it writes
   */
  public JdbcVisitorJournal(
      JdbcTemplate jdbc,
      JdbcClient client,
      TransactionTemplate transactions,
      JdbcLineLog log,
      PaceFence fence) {
    this.jdbc = jdbc;
    this.client = client;
    this.transactions = transactions;
    this.log = log;
    this.fence = fence;
  }

  @Override
  public void insert(List<VisitorRow> rows, List<OutboxEvent> events) {
    guarded(
        () ->
            transactions.execute(
                status -> {
                  rows.stream()
                      .filter(row -> row.state() == VisitorState.RELEASED)
                      .mapToLong(VisitorRow::queueId)
                      .distinct()
                      .forEach(fence::check);
                  jdbc.batchUpdate(
                      "INSERT INTO visitors ("
                          + COLUMNS
                          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                      rows,
                      rows.size(),
                      JdbcVisitorJournal::bindRow);
                  insertEvents(events);
                  if (log != null) {
                    log.append(rows.stream().map(LineEvent::joined).toList());
                  }
                  return null;
                }));
  }

  private void insertEvents(List<OutboxEvent> events) {
    if (!events.isEmpty()) {
      jdbc.batchUpdate(INSERT_EVENT, events, events.size(), JdbcVisitorJournal::bindEvent);
    }
  }

  @Override
  public boolean[] transition(List<Transition> changes) {
    return guarded(
        () ->
            transactions.execute(
                status -> {
                  changes.stream()
                      .filter(JdbcVisitorJournal::isPacing)
                      .mapToLong(Transition::queueId)
                      .distinct()
                      .forEach(fence::check);
                  boolean[] applied = applied(changes.size(), update(changes));
                  List<OutboxEvent> events = new ArrayList<>();
                  List<LineEvent> logged = new ArrayList<>();
                  for (int i = 0; i < applied.length; i++) {
                    if (applied[i] && changes.get(i).event() != null) {
                      events.add(changes.get(i).outboxEvent());
                    }
                    if (applied[i]) {
                      logged.add(LineEvent.of(changes.get(i)));
                    }
                  }
                  // In the transaction of the change: a refused event rolls the change back.
                  insertEvents(events);
                  if (log != null) {
                    log.append(logged);
                  }
                  return applied;
                }));
  }

  /** A decision only the node pacing the queue may take. */
  private static boolean isPacing(Transition change) {
    return change.to() == VisitorState.RELEASED || change.reason() == EndReason.IDLE;
  }

  private int[][] update(List<Transition> changes) {
    return jdbc.batchUpdate(
        "UPDATE visitors SET state = ?, released_at = COALESCE(?, released_at),"
            + " expires_at = COALESCE(?, expires_at), ended_at = ?, end_reason = ?"
            + " WHERE queue_id = ? AND seq = ? AND state = ?",
        changes,
        changes.size(),
        JdbcVisitorJournal::bindTransition);
  }

  private static boolean[] applied(int size, int[][] counts) {
    boolean[] applied = new boolean[size];
    int i = 0;
    for (int[] batch : counts) {
      for (int count : batch) {
        // A driver that cannot count a batched statement says so; the state guard in the
        // WHERE clause still kept the change from applying twice.
        applied[i++] = count > 0 || count == Statement.SUCCESS_NO_INFO;
      }
    }
    return applied;
  }

  @Override
  public int recordPassExpiries(long queueId, long[] seqs, Instant now) {
    if (seqs.length == 0) {
      return 0;
    }
    List<Long> all = Arrays.stream(seqs).boxed().toList();
    int[][] counts =
        guarded(
            () ->
                transactions.execute(
                    status ->
                        jdbc.batchUpdate(
                            INSERT_PASS_EXPIRY.formatted("v.seq = ?"),
                            all,
                            all.size(),
                            (ps, seq) -> {
                              ps.setLong(1, queueId);
                              ps.setLong(2, seq);
                              ps.setLong(3, now.toEpochMilli());
                            })));
    return Arrays.stream(counts).flatMapToInt(Arrays::stream).map(n -> Math.max(n, 0)).sum();
  }

  @Override
  public int recordPassExpiriesBetween(long queueId, Instant since, Instant now) {
    return guarded(
        () ->
            jdbc.update(
                INSERT_PASS_EXPIRY.formatted("v.expires_at > ?"),
                queueId,
                since.toEpochMilli(),
                now.toEpochMilli()));
  }

  @Override
  public long maxSeq(long queueId) {
    Long max =
        guarded(
            () ->
                client
                    .sql("SELECT MAX(seq) FROM visitors WHERE queue_id = :queue")
                    .param("queue", queueId)
                    .query(Long.class)
                    .optional()
                    .orElse(null));
    return max == null ? 0 : max;
  }

  @Override
  public void loadLive(long queueId, Instant now, Consumer<VisitorRow> sink) {
    jdbc.query(
        connection -> {
          PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT "
                      + COLUMNS
                      + " FROM visitors WHERE queue_id = ? AND (state = 1 OR (state = 2 AND"
                      + " expires_at > ?)) ORDER BY seq");
          statement.setFetchSize(10_000);
          statement.setLong(1, queueId);
          statement.setLong(2, now.toEpochMilli());
          return statement;
        },
        (ResultSet rs) -> {
          sink.accept(map(rs));
        });
  }

  @Override
  public Optional<VisitorRow> find(long queueId, long seq) {
    return guarded(() -> findRow(queueId, seq));
  }

  private Optional<VisitorRow> findRow(long queueId, long seq) {
    return client
        .sql("SELECT " + COLUMNS + " FROM visitors WHERE queue_id = :queue AND seq = :seq")
        .param("queue", queueId)
        .param("seq", seq)
        .query((rs, n) -> map(rs))
        .optional();
  }

  private static void bindRow(PreparedStatement ps, VisitorRow row) throws SQLException {
    ps.setLong(1, row.queueId());
    ps.setLong(2, row.seq());
    ps.setInt(3, row.priority());
    ps.setInt(4, row.state().code());
    ps.setString(5, row.visitorKey());
    ps.setString(6, row.metadata());
    ps.setLong(7, row.joinedAt().toEpochMilli());
    ps.setObject(8, millisOrNull(row.releasedAt()), Types.BIGINT);
    ps.setObject(9, millisOrNull(row.expiresAt()), Types.BIGINT);
    ps.setObject(10, millisOrNull(row.endedAt()), Types.BIGINT);
    ps.setString(11, row.endReason() == null ? null : row.endReason().wireName());
    ps.setObject(12, row.positionAtJoin(), Types.INTEGER);
  }

  private static void bindEvent(PreparedStatement ps, OutboxEvent event) throws SQLException {
    ps.setLong(1, event.queueId());
    ps.setLong(2, event.seq());
    ps.setInt(3, event.event().code());
    ps.setLong(4, event.occurredAt().toEpochMilli());
    ps.setLong(5, event.occurredAt().toEpochMilli());
  }

  private static void bindTransition(PreparedStatement ps, Transition change) throws SQLException {
    boolean release = change.to() == VisitorState.RELEASED;
    ps.setInt(1, change.to().code());
    ps.setObject(2, release ? change.at().toEpochMilli() : null, Types.BIGINT);
    ps.setObject(3, release ? millisOrNull(change.expiresAt()) : null, Types.BIGINT);
    ps.setObject(4, release ? null : change.at().toEpochMilli(), Types.BIGINT);
    ps.setString(5, change.reason() == null ? null : change.reason().wireName());
    ps.setLong(6, change.queueId());
    ps.setLong(7, change.seq());
    ps.setInt(8, change.from().code());
  }

  private static VisitorRow map(ResultSet rs) throws SQLException {
    String reason = rs.getString("end_reason");
    return new VisitorRow(
        rs.getLong("queue_id"),
        rs.getLong("seq"),
        rs.getInt("priority"),
        VisitorState.ofCode(rs.getInt("state")),
        rs.getString("visitor_key"),
        rs.getString("metadata"),
        instant(rs, "joined_at"),
        instant(rs, "released_at"),
        instant(rs, "expires_at"),
        instant(rs, "ended_at"),
        reason == null ? null : EndReason.valueOf(reason.toUpperCase(Locale.ROOT)),
        integerOrNull(rs, "position_at_join"));
  }
}

package dev.anteroom.callback.jdbc;

import dev.anteroom.callback.CallbackError;
import dev.anteroom.callback.CallbackOutcomes;
import dev.anteroom.callback.EventKey;
import dev.anteroom.callback.OutboxRow;
import dev.anteroom.callback.OutboxStore;
import dev.anteroom.common.jdbc.Rows;
import dev.anteroom.waiting.store.VisitorEvent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The callback outbox in the relational database. On PostgreSQL a claim is one statement that picks
 * due rows with {@code FOR UPDATE SKIP LOCKED} and leases them, so concurrent workers never wait
 * for each other or take the same row. Elsewhere (H2, SQL Server) it reads candidates and leases
 * each with an UPDATE guarded by the state and lease it read, keeping only the rows whose guard
 * held; within one process those claims are taken one at a time (see {@code portableClaims}).
 * Outcomes are written with one batched statement per kind, in one transaction.
 */
public final class JdbcOutboxStore implements OutboxStore {

  private static final String ROW_COLUMNS =
      "q.application_id, v.visitor_key, v.joined_at, v.released_at, v.expires_at,"
          + " v.position_at_join";
  private static final String DUE =
      "state = 1 AND due_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)";
  private static final String KEY = "queue_id = ? AND seq = ? AND event_type = ?";

  private static final String POSTGRES_CLAIM =
      "WITH picked AS (SELECT queue_id, seq, event_type FROM callback_outbox WHERE "
          + DUE
          + "%s ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED),"
          + " claimed AS (UPDATE callback_outbox o SET claimed_until = ? FROM picked p"
          + " WHERE o.queue_id = p.queue_id AND o.seq = p.seq AND o.event_type = p.event_type"
          + " RETURNING o.queue_id, o.seq, o.event_type, o.occurred_at, o.attempts,"
          + " o.attempt_log, o.due_at)"
          + " SELECT o.*, "
          + ROW_COLUMNS
          + " FROM claimed o LEFT JOIN queues q ON q.id = o.queue_id"
          + " LEFT JOIN visitors v ON v.queue_id = o.queue_id AND v.seq = o.seq"
          + " ORDER BY o.due_at";

  private static final String PORTABLE_CANDIDATES =
      "SELECT o.queue_id, o.seq, o.event_type, o.occurred_at, o.attempts, o.attempt_log, "
          + ROW_COLUMNS
          + " FROM callback_outbox o LEFT JOIN queues q ON q.id = o.queue_id"
          + " LEFT JOIN visitors v ON v.queue_id = o.queue_id AND v.seq = o.seq"
          + " WHERE o.state = 1 AND o.due_at <= ?"
          + " AND (o.claimed_until IS NULL OR o.claimed_until <= ?)%s"
          + " ORDER BY o.due_at OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY";

  /** Rows deleted per statement by a purge, so that no purge holds one long transaction. */
  static final int PURGE_CHUNK = 5_000;

  private static final String PORTABLE_LEASE =
      "UPDATE callback_outbox SET claimed_until = ? WHERE "
          + KEY
          + " AND state = 1 AND (claimed_until IS NULL OR claimed_until <= ?)";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final boolean postgres;

  /**
   * H2 does not re-check an UPDATE's condition against a row another transaction committed while it
   * waited for the row's lock, so two concurrent guarded leases could both succeed. H2 is the
   * embedded database of a single process: claims are taken one at a time within it.
   */
  private final ReentrantLock portableClaims = new ReentrantLock();

  public JdbcOutboxStore(JdbcTemplate jdbc, TransactionTemplate transactions, boolean postgres) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.postgres = postgres;
  }

  @Override
  public List<OutboxRow> claim(Instant now, Instant leaseUntil, int limit, Set<Long> skipQueues) {
    long at = now.toEpochMilli();
    long until = leaseUntil.toEpochMilli();
    if (postgres) {
      String claim = POSTGRES_CLAIM.formatted(skipping("queue_id", skipQueues));
      return transactions.execute(
          status -> jdbc.query(claim, JdbcOutboxStore::row, at, at, limit, until));
    }
    String candidatesQuery = PORTABLE_CANDIDATES.formatted(skipping("o.queue_id", skipQueues));
    portableClaims.lock();
    try {
      return portableClaim(candidatesQuery, at, until, limit);
    } finally {
      portableClaims.unlock();
    }
  }

  private List<OutboxRow> portableClaim(String candidatesQuery, long at, long until, int limit) {
    return transactions.execute(
        status -> {
          List<OutboxRow> candidates =
              jdbc.query(candidatesQuery, JdbcOutboxStore::row, at, at, limit);
          if (candidates.isEmpty()) {
            return candidates;
          }
          int[][] counts =
              jdbc.batchUpdate(
                  PORTABLE_LEASE,
                  candidates,
                  candidates.size(),
                  (ps, row) -> {
                    ps.setLong(1, until);
                    bindKey(ps, 2, row.key());
                    ps.setLong(5, at);
                  });
          List<OutboxRow> claimed = new ArrayList<>(candidates.size());
          int i = 0;
          for (int[] chunk : counts) {
            for (int count : chunk) {
              if (count != 0) {
                claimed.add(candidates.get(i));
              }
              i++;
            }
          }
          return claimed;
        });
  }

  @Override
  public void record(List<Outcome> outcomes, List<CallbackError> errors) {
    List<Outcome.Delivered> delivered = new ArrayList<>();
    List<Outcome.Retry> retries = new ArrayList<>();
    List<Outcome.Failed> failed = new ArrayList<>();
    for (Outcome outcome : outcomes) {
      switch (outcome) {
        case Outcome.Delivered d -> delivered.add(d);
        case Outcome.Retry r -> retries.add(r);
        case Outcome.Failed f -> failed.add(f);
      }
    }
    transactions.executeWithoutResult(
        status -> {
          if (!delivered.isEmpty()) {
            jdbc.batchUpdate(
                "UPDATE callback_outbox SET state = 2, attempts = attempts + 1, attempt_log = ?,"
                    + " finished_at = ?, claimed_until = NULL WHERE "
                    + KEY
                    + " AND state = 1",
                delivered,
                delivered.size(),
                (ps, d) -> {
                  ps.setString(1, d.attemptLog());
                  ps.setLong(2, d.at().toEpochMilli());
                  bindKey(ps, 3, d.key());
                });
          }
          if (!retries.isEmpty()) {
            jdbc.batchUpdate(
                "UPDATE callback_outbox SET attempts = attempts + 1, attempt_log = ?, due_at = ?,"
                    + " claimed_until = NULL WHERE "
                    + KEY
                    + " AND state = 1",
                retries,
                retries.size(),
                (ps, r) -> {
                  ps.setString(1, r.attemptLog());
                  ps.setLong(2, r.dueAt().toEpochMilli());
                  bindKey(ps, 3, r.key());
                });
          }
          if (!failed.isEmpty()) {
            jdbc.batchUpdate(
                "UPDATE callback_outbox SET state = 3, attempts = attempts + 1, attempt_log = ?,"
                    + " finished_at = ?, claimed_until = NULL WHERE "
                    + KEY
                    + " AND state = 1",
                failed,
                failed.size(),
                (ps, f) -> {
                  ps.setString(1, f.attemptLog());
                  ps.setLong(2, f.at().toEpochMilli());
                  bindKey(ps, 3, f.key());
                });
          }
          JdbcCallbackErrorStore.insert(jdbc, errors);
        });
  }

  @Override
  public void postpone(List<EventKey> keys, Instant dueAt) {
    jdbc.batchUpdate(
        "UPDATE callback_outbox SET claimed_until = NULL, due_at = ? WHERE "
            + KEY
            + " AND state = 1",
        keys,
        keys.size(),
        (ps, key) -> {
          ps.setLong(1, dueAt.toEpochMilli());
          bindKey(ps, 2, key);
        });
  }

  @Override
  public Map<Long, Long> pendingByQueue() {
    Map<Long, Long> pending = new HashMap<>();
    jdbc.query(
        "SELECT queue_id, COUNT(*) FROM callback_outbox WHERE state = 1 GROUP BY queue_id",
        (ResultSet rs) -> {
          pending.put(rs.getLong(1), rs.getLong(2));
        });
    return pending;
  }

  @Override
  public List<CallbackOutcomes.Tally> finishedByApplication(Instant from, Instant to) {
    Map<Long, long[]> sums = new TreeMap<>();
    jdbc.query(
        "SELECT q.application_id, o.state, COUNT(*) FROM callback_outbox o"
            + " JOIN queues q ON q.id = o.queue_id"
            + " WHERE o.finished_at > ? AND o.finished_at <= ? AND o.state IN (2, 3)"
            + " GROUP BY q.application_id, o.state",
        (ResultSet rs) -> {
          long[] sum = sums.computeIfAbsent(rs.getLong(1), id -> new long[2]);
          sum[rs.getInt(2) == 2 ? 0 : 1] += rs.getLong(3);
        },
        from.toEpochMilli(),
        to.toEpochMilli());
    List<CallbackOutcomes.Tally> tallies = new ArrayList<>();
    sums.forEach((app, sum) -> tallies.add(new CallbackOutcomes.Tally(app, null, sum[0], sum[1])));
    return tallies;
  }

  /**
   * A condition leaving out the given queues; their ids are numbers, so they are written inline.
   */
  private static String skipping(String column, Set<Long> queues) {
    if (queues.isEmpty()) {
      return "";
    }
    StringJoiner ids = new StringJoiner(", ", " AND " + column + " NOT IN (", ")");
    queues.forEach(id -> ids.add(Long.toString(id)));
    return ids.toString();
  }

  /**
   * Deletes in chunks of {@link #PURGE_CHUNK} found through the {@code finished_at} index, each
   * chunk its own short transaction, so a purge of millions of rows never holds locks for long.
   */
  @Override
  public int purge(Instant before) {
    long cutoff = before.toEpochMilli();
    int purged = 0;
    while (true) {
      List<EventKey> keys =
          jdbc.query(
              "SELECT queue_id, seq, event_type FROM callback_outbox WHERE finished_at < ?"
                  + " AND state IN (2, 3) ORDER BY finished_at OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
              (rs, n) ->
                  new EventKey(rs.getLong(1), rs.getLong(2), VisitorEvent.ofCode(rs.getInt(3))),
              cutoff,
              PURGE_CHUNK);
      if (keys.isEmpty()) {
        return purged;
      }
      jdbc.batchUpdate(
          "DELETE FROM callback_outbox WHERE " + KEY + " AND state IN (2, 3)",
          keys,
          keys.size(),
          (ps, key) -> bindKey(ps, 1, key));
      purged += keys.size();
      if (keys.size() < PURGE_CHUNK) {
        return purged;
      }
    }
  }

  @Override
  public int purgeErrors(Instant before) {
    long cutoff = before.toEpochMilli();
    int purged = 0;
    while (true) {
      List<Long> ids =
          jdbc.queryForList(
              "SELECT id FROM callback_errors WHERE created_at < ? ORDER BY created_at"
                  + " OFFSET 0 ROWS FETCH NEXT ? ROWS ONLY",
              Long.class,
              cutoff,
              PURGE_CHUNK);
      if (ids.isEmpty()) {
        return purged;
      }
      jdbc.batchUpdate(
          "DELETE FROM callback_errors WHERE id = ?",
          ids,
          ids.size(),
          (ps, id) -> ps.setLong(1, id));
      purged += ids.size();
      if (ids.size() < PURGE_CHUNK) {
        return purged;
      }
    }
  }

  @Override
  public void redeliver(List<Redelivery> events, Instant now) {
    if (events.isEmpty()) {
      return;
    }
    long at = now.toEpochMilli();
    transactions.executeWithoutResult(
        status -> {
          jdbc.batchUpdate(
              "UPDATE callback_outbox SET state = 1, attempts = 0, attempt_log = NULL,"
                  + " due_at = ?, claimed_until = NULL, finished_at = NULL WHERE "
                  + KEY
                  + " AND state IN (2, 3)",
              events,
              events.size(),
              (ps, e) -> {
                ps.setLong(1, at);
                bindKey(ps, 2, e.key());
              });
          // Rows purged since the failure come back; rows still pending stay as they are.
          jdbc.batchUpdate(
              "INSERT INTO callback_outbox (queue_id, seq, event_type, occurred_at, state,"
                  + " attempts, due_at) SELECT ?, ?, ?, ?, 1, 0, ? FROM (SELECT 1 AS one) x"
                  + " WHERE NOT EXISTS (SELECT 1 FROM callback_outbox WHERE "
                  + KEY
                  + ")",
              events,
              events.size(),
              (ps, e) -> {
                bindKey(ps, 1, e.key());
                ps.setLong(4, e.occurredAt().toEpochMilli());
                ps.setLong(5, at);
                bindKey(ps, 6, e.key());
              });
        });
  }

  private static void bindKey(PreparedStatement ps, int first, EventKey key) throws SQLException {
    ps.setLong(first, key.queueId());
    ps.setLong(first + 1, key.seq());
    ps.setInt(first + 2, key.event().code());
  }

  private static OutboxRow row(ResultSet rs, int rowNum) throws SQLException {
    return new OutboxRow(
        new EventKey(
            rs.getLong("queue_id"),
            rs.getLong("seq"),
            VisitorEvent.ofCode(rs.getInt("event_type"))),
        rs.getLong("application_id"),
        Rows.instant(rs, "occurred_at"),
        rs.getInt("attempts"),
        rs.getString("attempt_log"),
        rs.getString("visitor_key"),
        Rows.instant(rs, "joined_at"),
        Rows.instant(rs, "released_at"),
        Rows.instant(rs, "expires_at"),
        Rows.integerOrNull(rs, "position_at_join"));
  }
}

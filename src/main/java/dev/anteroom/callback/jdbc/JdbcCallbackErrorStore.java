package dev.anteroom.callback.jdbc;

import dev.anteroom.callback.AttemptLog;
import dev.anteroom.callback.CallbackError;
import dev.anteroom.callback.CallbackErrorStore;
import dev.anteroom.callback.EventKey;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.jdbc.Rows;
import dev.anteroom.waiting.store.VisitorEvent;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Callback error records in the relational database, newest first. */
public final class JdbcCallbackErrorStore implements CallbackErrorStore {

  private static final String COLUMNS =
      "id, application_id, queue_id, seq, event_type, occurred_at, target_url, http_status,"
          + " error_kind, response_snippet, attempt_log, created_at, retried_at";

  private final JdbcClient jdbc;

  public JdbcCallbackErrorStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Writes records, in the caller's transaction (the outbox writes them with the outcome). */
  static void insert(JdbcTemplate jdbc, List<CallbackError> errors) {
    if (errors.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(
        "INSERT INTO callback_errors ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        errors,
        errors.size(),
        (ps, e) -> {
          ps.setLong(1, e.id());
          ps.setLong(2, e.applicationId());
          ps.setLong(3, e.key().queueId());
          ps.setLong(4, e.key().seq());
          ps.setInt(5, e.key().event().code());
          ps.setLong(6, e.occurredAt().toEpochMilli());
          ps.setString(7, e.targetUrl());
          if (e.httpStatus() == null) {
            ps.setNull(8, Types.INTEGER);
          } else {
            ps.setInt(8, e.httpStatus());
          }
          ps.setString(9, e.errorKind());
          ps.setString(10, e.responseSnippet());
          ps.setString(11, log(e.attempts()));
          ps.setLong(12, e.createdAt().toEpochMilli());
          if (e.retriedAt() == null) {
            ps.setNull(13, Types.BIGINT);
          } else {
            ps.setLong(13, e.retriedAt().toEpochMilli());
          }
        });
  }

  private static String log(List<AttemptLog.Attempt> attempts) {
    String log = null;
    for (AttemptLog.Attempt attempt : attempts) {
      log = AttemptLog.append(log, attempt.at(), attempt.outcome());
    }
    return log;
  }

  @Override
  public Page<CallbackError> list(
      Filter filter, Optional<Set<Long>> applications, PageRequest page) {
    Map<String, Object> params = new HashMap<>();
    String where = where(filter, applications, params);
    if (where == null) {
      return new Page<>(List.of(), page.page(), page.size(), 0);
    }
    long total =
        jdbc.sql("SELECT COUNT(*) FROM callback_errors WHERE " + where)
            .params(params)
            .query(Long.class)
            .single();
    List<CallbackError> items =
        jdbc.sql(
                "SELECT "
                    + COLUMNS
                    + " FROM callback_errors WHERE "
                    + where
                    + " ORDER BY created_at DESC, id DESC"
                    + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
            .params(params)
            .param("offset", page.offset())
            .param("limit", page.size())
            .query(JdbcCallbackErrorStore::row)
            .list();
    return new Page<>(items, page.page(), page.size(), total);
  }

  @Override
  public Optional<CallbackError> find(long id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM callback_errors WHERE id = :id")
        .param("id", id)
        .query(JdbcCallbackErrorStore::row)
        .optional();
  }

  @Override
  public List<CallbackError> unretried(Filter filter, Optional<Set<Long>> applications, int limit) {
    Map<String, Object> params = new HashMap<>();
    String where = where(filter, applications, params);
    if (where == null) {
      return List.of();
    }
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM callback_errors WHERE "
                + where
                + " AND retried_at IS NULL ORDER BY created_at, id"
                + " OFFSET 0 ROWS FETCH NEXT :limit ROWS ONLY")
        .params(params)
        .param("limit", limit)
        .query(JdbcCallbackErrorStore::row)
        .list();
  }

  @Override
  public void markRetried(List<Long> ids, Instant at) {
    for (int from = 0; from < ids.size(); from += 500) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
      jdbc.sql("UPDATE callback_errors SET retried_at = :at WHERE id IN (:ids)")
          .param("at", at.toEpochMilli())
          .param("ids", chunk)
          .update();
    }
  }

  /** The WHERE clause of a filter within a scope, or null when the scope is empty. */
  private static String where(
      Filter filter, Optional<Set<Long>> applications, Map<String, Object> params) {
    List<String> clauses = new ArrayList<>();
    clauses.add("1 = 1");
    if (applications.isPresent()) {
      if (applications.get().isEmpty()) {
        return null;
      }
      clauses.add("application_id IN (:scope)");
      params.put("scope", List.copyOf(applications.get()));
    }
    if (filter.applicationId() != null) {
      clauses.add("application_id = :application_id");
      params.put("application_id", filter.applicationId());
    }
    if (filter.queueId() != null) {
      clauses.add("queue_id = :queue_id");
      params.put("queue_id", filter.queueId());
    }
    if (filter.from() != null) {
      clauses.add("created_at >= :from_time");
      params.put("from_time", filter.from().toEpochMilli());
    }
    if (filter.to() != null) {
      clauses.add("created_at < :to_time");
      params.put("to_time", filter.to().toEpochMilli());
    }
    return String.join(" AND ", clauses);
  }

  private static CallbackError row(ResultSet rs, int rowNum) throws SQLException {
    return new CallbackError(
        rs.getLong("id"),
        rs.getLong("application_id"),
        new EventKey(
            rs.getLong("queue_id"),
            rs.getLong("seq"),
            VisitorEvent.ofCode(rs.getInt("event_type"))),
        Rows.instant(rs, "occurred_at"),
        rs.getString("target_url"),
        Rows.integerOrNull(rs, "http_status"),
        rs.getString("error_kind"),
        rs.getString("response_snippet"),
        AttemptLog.parse(rs.getString("attempt_log")),
        Rows.instant(rs, "created_at"),
        Rows.instant(rs, "retried_at"));
  }
}

package dev.anteroom.dashboard.jdbc;

import dev.anteroom.dashboard.AggregateStore;
import dev.anteroom.dashboard.Resolution;
import dev.anteroom.dashboard.Tally;
import dev.anteroom.dashboard.WaitBuckets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Aggregate rows in the relational database. Writes are update-then-insert (one writer owns a
 * minute row; a roll-up row's duplicate means another node rolled the same period, with the same
 * numbers, and is ignored).
 */
public final class JdbcAggregateStore implements AggregateStore {

  private static final String COLUMNS =
      "application_id, joins, releases, expiries, cancellations, completions, wait_count,"
          + " wait_sum_ms, wait_buckets, length_end, length_max";
  private static final String VALUES =
      ":applicationId, :joins, :releases, :expiries, :cancellations, :completions, :waitCount,"
          + " :waitSum, :buckets, :lengthEnd, :lengthMax";

  private final JdbcClient jdbc;

  public JdbcAggregateStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void saveMinute(String writer, PeriodRow row) {
    int updated =
        bind(
                jdbc.sql(
                    "UPDATE dashboard_minutes SET joins = :joins, releases = :releases,"
                        + " expiries = :expiries, cancellations = :cancellations,"
                        + " completions = :completions, wait_count = :waitCount,"
                        + " wait_sum_ms = :waitSum, wait_buckets = :buckets,"
                        + " length_end = :lengthEnd, length_max = :lengthMax"
                        + " WHERE queue_id = :queueId AND minute_start = :start"
                        + " AND writer = :writer"),
                row)
            .param("writer", writer)
            .update();
    if (updated == 0) {
      bind(
              jdbc.sql(
                  "INSERT INTO dashboard_minutes (queue_id, minute_start, writer, "
                      + COLUMNS
                      + ") VALUES (:queueId, :start, :writer, "
                      + VALUES
                      + ")"),
              row)
          .param("writer", writer)
          .update();
    }
  }

  @Override
  public List<PeriodRow> read(Resolution resolution, Scope scope, Instant from, Instant to) {
    boolean minutes = resolution == Resolution.MINUTE;
    String start = minutes ? "minute_start" : "period_start";
    StringBuilder sql =
        new StringBuilder("SELECT queue_id, ")
            .append(start)
            .append(" AS start, ")
            .append(COLUMNS)
            .append(minutes ? " FROM dashboard_minutes" : " FROM dashboard_rollups")
            .append(" WHERE ")
            .append(start)
            .append(" >= :from AND ")
            .append(start)
            .append(" < :to");
    if (!minutes) {
      sql.append(" AND resolution = :resolution");
    }
    if (scope.queueId() != null) {
      sql.append(" AND queue_id = :queueId");
    }
    if (scope.applicationIds() != null) {
      if (scope.applicationIds().isEmpty()) {
        return List.of();
      }
      sql.append(" AND application_id IN (:applications)");
    }
    JdbcClient.StatementSpec statement =
        jdbc.sql(sql.toString())
            .param("from", from.toEpochMilli())
            .param("to", to.toEpochMilli())
            .param("resolution", resolution.code());
    if (scope.queueId() != null) {
      statement = statement.param("queueId", scope.queueId());
    }
    if (scope.applicationIds() != null) {
      statement = statement.param("applications", List.copyOf(scope.applicationIds()));
    }
    return statement.query(JdbcAggregateStore::map).list();
  }

  @Override
  public Set<Instant> rolled(Resolution resolution, Instant from, Instant to) {
    return new HashSet<>(
        jdbc.sql(
                "SELECT period_start FROM dashboard_rolled WHERE resolution = :resolution"
                    + " AND period_start >= :from AND period_start < :to")
            .param("resolution", resolution.code())
            .param("from", from.toEpochMilli())
            .param("to", to.toEpochMilli())
            .query((rs, n) -> Instant.ofEpochMilli(rs.getLong(1)))
            .list());
  }

  @Override
  public void saveRollup(Resolution resolution, Instant start, List<PeriodRow> rows) {
    if (!rolled(resolution, start, start.plusMillis(1)).isEmpty()) {
      return;
    }
    for (PeriodRow row : rows) {
      try {
        bind(
                jdbc.sql(
                    "INSERT INTO dashboard_rollups (resolution, queue_id, period_start, "
                        + COLUMNS
                        + ") VALUES (:resolution, :queueId, :start, "
                        + VALUES
                        + ")"),
                row)
            .param("resolution", resolution.code())
            .update();
      } catch (DuplicateKeyException rolledElsewhere) {
        // Another node rolled the same period from the same rows.
      }
    }
    try {
      jdbc.sql("INSERT INTO dashboard_rolled (resolution, period_start) VALUES (:r, :start)")
          .param("r", resolution.code())
          .param("start", start.toEpochMilli())
          .update();
    } catch (DuplicateKeyException rolledElsewhere) {
      // Marked by another node.
    }
  }

  @Override
  public int purge(Resolution resolution, Instant before) {
    long cutoff = before.toEpochMilli();
    if (resolution == Resolution.MINUTE) {
      return jdbc.sql("DELETE FROM dashboard_minutes WHERE minute_start < :cutoff")
          .param("cutoff", cutoff)
          .update();
    }
    jdbc.sql("DELETE FROM dashboard_rolled WHERE resolution = :r AND period_start < :cutoff")
        .param("r", resolution.code())
        .param("cutoff", cutoff)
        .update();
    return jdbc.sql(
            "DELETE FROM dashboard_rollups WHERE resolution = :r AND period_start < :cutoff")
        .param("r", resolution.code())
        .param("cutoff", cutoff)
        .update();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, PeriodRow row) {
    Tally t = row.tally();
    return spec.param("queueId", row.queueId())
        .param("start", row.start().toEpochMilli())
        .param("applicationId", row.applicationId())
        .param("joins", t.joins())
        .param("releases", t.releases())
        .param("expiries", t.expiries())
        .param("cancellations", t.cancellations())
        .param("completions", t.completions())
        .param("waitCount", t.waitCount())
        .param("waitSum", t.waitSumMillis())
        .param(
            "buckets",
            Arrays.stream(t.waitBuckets())
                .mapToObj(Long::toString)
                .collect(Collectors.joining(",")))
        .param("lengthEnd", t.lengthEnd())
        .param("lengthMax", t.lengthMax());
  }

  private static PeriodRow map(ResultSet rs, int n) throws SQLException {
    long[] buckets = new long[WaitBuckets.COUNT];
    String[] parts = rs.getString("wait_buckets").split(",");
    for (int i = 0; i < Math.min(parts.length, buckets.length); i++) {
      buckets[i] = Long.parseLong(parts[i]);
    }
    return new PeriodRow(
        rs.getLong("queue_id"),
        rs.getLong("application_id"),
        Instant.ofEpochMilli(rs.getLong("start")),
        new Tally(
            rs.getLong("joins"),
            rs.getLong("releases"),
            rs.getLong("expiries"),
            rs.getLong("cancellations"),
            rs.getLong("completions"),
            rs.getLong("wait_count"),
            rs.getLong("wait_sum_ms"),
            buckets,
            rs.getInt("length_end"),
            rs.getInt("length_max")));
  }
}

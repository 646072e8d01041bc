package dev.anteroom.alert.jdbc;

import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.longOrNull;

import dev.anteroom.alert.Alert;
import dev.anteroom.alert.AlertFilter;
import dev.anteroom.alert.AlertKey;
import dev.anteroom.alert.AlertKind;
import dev.anteroom.alert.AlertStore;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.jdbc.Rows;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Alerts in the relational database. Updates are guarded by the firing state, so a resolved alert
 * never changes again, and the unique index on {@code (kind, subject, open_mark)} refuses a second
 * firing alert for one key.
 */
public final class JdbcAlertStore implements AlertStore {

  private static final Logger log = LoggerFactory.getLogger(JdbcAlertStore.class);
  private static final int FIRING = 1;
  private static final int RESOLVED = 2;
  private static final String SELECT =
      "SELECT id, kind, subject, application_id, queue_id, state, summary, started_at,"
          + " last_notified_at, resolved_at, notifications FROM alerts";

  private final JdbcClient jdbc;

  public JdbcAlertStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Alert> firing() {
    return jdbc.sql(SELECT + " WHERE state = " + FIRING).query(JdbcAlertStore::map).list();
  }

  @Override
  public void save(Alert alert) {
    int updated =
        bind(
                jdbc.sql(
                    "UPDATE alerts SET state = :state, summary = :summary,"
                        + " last_notified_at = :lastNotifiedAt, resolved_at = :resolvedAt,"
                        + " notifications = :notifications, open_mark = :openMark"
                        + " WHERE id = :id AND state = "
                        + FIRING),
                alert)
            .update();
    if (updated > 0) {
      return;
    }
    try {
      bind(
              jdbc.sql(
                  "INSERT INTO alerts (id, kind, subject, application_id, queue_id, state,"
                      + " summary, started_at, last_notified_at, resolved_at, notifications,"
                      + " open_mark) VALUES (:id, :kind, :subject, :applicationId, :queueId,"
                      + " :state, :summary, :startedAt, :lastNotifiedAt, :resolvedAt,"
                      + " :notifications, :openMark)"),
              alert)
          .param("kind", alert.kind().wireName())
          .param("subject", alert.key().subject())
          .param("applicationId", alert.applicationId())
          .param("queueId", alert.queueId())
          .param("startedAt", Rows.millis(alert.startedAt()))
          .update();
    } catch (DuplicateKeyException e) {
      // Already resolved (a stale copy), or another firing alert holds the key: the stored one
      // stands, and the evaluator takes it up when it reads the firing alerts.
      log.warn(
          "alert {} ({}) not stored: another alert holds its key (another node's, at a hand-over)",
          alert.id(),
          alert.key());
    }
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, Alert alert) {
    return spec.param("id", alert.id())
        .param("state", alert.firing() ? FIRING : RESOLVED)
        .param("summary", alert.summary())
        .param("lastNotifiedAt", Rows.millis(alert.lastNotifiedAt()))
        .param("resolvedAt", Rows.millisOrNull(alert.resolvedAt()))
        .param("notifications", alert.notifications())
        .param("openMark", alert.firing() ? 0L : alert.id());
  }

  @Override
  public Page<Alert> list(AlertFilter filter, PageRequest page) {
    List<String> where = new ArrayList<>();
    Map<String, Object> params = new HashMap<>();
    if (filter.applications().isPresent()) {
      if (filter.applications().get().isEmpty()) {
        return new Page<>(List.of(), page.page(), page.size(), 0);
      }
      where.add("application_id IN (:applications)");
      params.put("applications", filter.applications().get());
    }
    if (filter.applicationId() != null) {
      where.add("application_id = :applicationId");
      params.put("applicationId", filter.applicationId());
    }
    if (filter.queueId() != null) {
      where.add("queue_id = :queueId");
      params.put("queueId", filter.queueId());
    }
    if (filter.state() != null) {
      where.add("state = :state");
      params.put("state", filter.state() == Alert.State.FIRING ? FIRING : RESOLVED);
    }
    if (filter.kind() != null) {
      where.add("kind = :kind");
      params.put("kind", filter.kind().wireName());
    }
    if (filter.to() != null) {
      where.add("started_at < :to");
      params.put("to", Rows.millis(filter.to()));
    }
    if (filter.from() != null) {
      where.add("(resolved_at IS NULL OR resolved_at >= :from)");
      params.put("from", Rows.millis(filter.from()));
    }
    String condition = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
    long total =
        jdbc.sql("SELECT COUNT(*) FROM alerts" + condition)
            .params(params)
            .query(Long.class)
            .single();
    List<Alert> items =
        jdbc.sql(
                SELECT
                    + condition
                    + " ORDER BY started_at DESC, id DESC OFFSET :offset ROWS"
                    + " FETCH NEXT :limit ROWS ONLY")
            .params(params)
            .param("offset", page.offset())
            .param("limit", page.size())
            .query(JdbcAlertStore::map)
            .list();
    return new Page<>(items, page.page(), page.size(), total);
  }

  private static Alert map(ResultSet rs, int row) throws SQLException {
    return new Alert(
        rs.getLong("id"),
        new AlertKey(AlertKind.parse("kind", rs.getString("kind")), rs.getString("subject")),
        longOrNull(rs, "application_id"),
        longOrNull(rs, "queue_id"),
        rs.getInt("state") == FIRING ? Alert.State.FIRING : Alert.State.RESOLVED,
        rs.getString("summary"),
        instant(rs, "started_at"),
        instant(rs, "last_notified_at"),
        instant(rs, "resolved_at"),
        rs.getInt("notifications"));
  }
}

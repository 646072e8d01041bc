package dev.anteroom.queue.jdbc;

import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.integerOrNull;
import static dev.anteroom.common.jdbc.Rows.longOrNull;
import static dev.anteroom.common.jdbc.Rows.millis;
import static dev.anteroom.common.jdbc.Rows.millisOrNull;

import dev.anteroom.common.ConflictException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.jdbc.Rows;
import dev.anteroom.queue.CallbackEvents;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDisplay;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.queue.QueueSettings;
import dev.anteroom.queue.QueueStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Queue definitions in the relational database. */
public final class JdbcQueueStore implements QueueStore {

  private static final String SELECT =
      "SELECT id, application_id, name, release_rate_per_minute, max_active_users, priority,"
          + " access_ttl_seconds, idle_timeout_seconds, callback_url, redirect_url, opens_at,"
          + " closes_at, queue_method, max_size, simulation, paused, shuffle_seed,"
          + " shuffled_through, created_at, updated_at, row_version, callback_events,"
          + " alert_queue_length, logo_url, title, message FROM queues";

  private final JdbcClient jdbc;

  public JdbcQueueStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Queue create(long id, long applicationId, QueueSettings settings, Instant at) {
    Instant now = Rows.toMillis(at);
    try {
      bind(
              jdbc.sql(
                  "INSERT INTO queues (id, application_id, name, release_rate_per_minute,"
                      + " max_active_users, priority, access_ttl_seconds, idle_timeout_seconds,"
                      + " callback_url, redirect_url, opens_at, closes_at, queue_method, max_size,"
                      + " simulation, paused, created_at, updated_at, deletion_mark,"
                      + " callback_events, alert_queue_length, logo_url, title, message) VALUES"
                      + " (:id, :applicationId, :name, :rate, :maxActive, :priority, :ttl, :idle,"
                      + " :callbackUrl, :redirectUrl, :opensAt, :closesAt, :method, :maxSize,"
                      + " :simulation, 0, :now, :now, 0, :callbackEvents, :alertQueueLength,"
                      + " :logoUrl, :title, :message)"),
              settings)
          .param("id", id)
          .param("applicationId", applicationId)
          .param("now", millis(now))
          .update();
    } catch (DuplicateKeyException e) {
      throw nameTaken(settings.name());
    }
    return new Queue(id, applicationId, settings, false, null, now, now, 0);
  }

  @Override
  public Optional<Queue> find(long id) {
    return jdbc.sql(SELECT + " WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query(JdbcQueueStore::map)
        .optional();
  }

  @Override
  public Page<Queue> list(PageRequest page, Optional<Set<Long>> applications) {
    if (applications.isPresent() && applications.get().isEmpty()) {
      return new Page<>(List.of(), page.page(), page.size(), 0);
    }
    Map<String, Object> params = new HashMap<>();
    String where = "deleted_at IS NULL";
    if (applications.isPresent()) {
      where += " AND application_id IN (:applications)";
      params.put("applications", applications.get());
    }
    return Rows.page(jdbc, SELECT, where, params, page, JdbcQueueStore::map);
  }

  @Override
  public List<Queue> all() {
    return jdbc.sql(SELECT + " WHERE deleted_at IS NULL").query(JdbcQueueStore::map).list();
  }

  @Override
  public Optional<Queue> update(long id, QueueSettings settings, Instant now) {
    int updated;
    try {
      updated =
          bind(
                  jdbc.sql(
                      "UPDATE queues SET name = :name, release_rate_per_minute = :rate,"
                          + " max_active_users = :maxActive, priority = :priority,"
                          + " access_ttl_seconds = :ttl, idle_timeout_seconds = :idle,"
                          + " callback_url = :callbackUrl, redirect_url = :redirectUrl,"
                          + " opens_at = :opensAt, closes_at = :closesAt, queue_method = :method,"
                          + " max_size = :maxSize, simulation = :simulation,"
                          + " callback_events = :callbackEvents,"
                          + " alert_queue_length = :alertQueueLength, logo_url = :logoUrl,"
                          + " title = :title, message = :message, updated_at = :now,"
                          + " row_version = row_version + 1"
                          + " WHERE id = :id AND deleted_at IS NULL"),
                  settings)
              .param("id", id)
              .param("now", millis(now))
              .update();
    } catch (DuplicateKeyException e) {
      throw nameTaken(settings.name());
    }
    return updated == 0 ? Optional.empty() : find(id);
  }

  @Override
  public Optional<Queue> setPaused(long id, boolean paused, Instant now) {
    int updated =
        jdbc.sql(
                "UPDATE queues SET paused = :paused, updated_at = :now,"
                    + " row_version = row_version + 1 WHERE id = :id AND deleted_at IS NULL")
            .param("id", id)
            .param("paused", paused ? 1 : 0)
            .param("now", millis(now))
            .update();
    return updated == 0 ? Optional.empty() : find(id);
  }

  @Override
  public boolean recordShuffle(long id, Queue.Shuffle shuffle) {
    return jdbc.sql(
                "UPDATE queues SET shuffle_seed = :seed, shuffled_through = :through,"
                    + " row_version = row_version + 1 WHERE id = :id AND shuffle_seed IS NULL")
            .param("id", id)
            .param("seed", shuffle.seed())
            .param("through", shuffle.throughSeq())
            .update()
        == 1;
  }

  @Override
  public boolean delete(long id, Instant now) {
    return jdbc.sql(
                "UPDATE queues SET deleted_at = :now, deletion_mark = id, updated_at = :now"
                    + " WHERE id = :id AND deleted_at IS NULL")
            .param("id", id)
            .param("now", millis(now))
            .update()
        == 1;
  }

  @Override
  public int deleteAllOf(long applicationId, Instant now) {
    return jdbc.sql(
            "UPDATE queues SET deleted_at = :now, deletion_mark = id, updated_at = :now"
                + " WHERE application_id = :applicationId AND deleted_at IS NULL")
        .param("applicationId", applicationId)
        .param("now", millis(now))
        .update();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec, QueueSettings s) {
    return spec.param("name", s.name())
        .param("rate", s.releaseRatePerMinute())
        .param("maxActive", s.maxActiveUsers())
        .param("priority", s.priority())
        .param("ttl", s.accessTtlSeconds())
        .param("idle", s.idleTimeoutSeconds())
        .param("callbackUrl", s.callbackUrl())
        .param("redirectUrl", s.redirectUrl())
        .param("opensAt", millisOrNull(s.opensAt()))
        .param("closesAt", millisOrNull(s.closesAt()))
        .param("method", s.queueMethod().wireName())
        .param("maxSize", s.maxSize())
        .param("simulation", s.simulation() ? 1 : 0)
        .param("callbackEvents", s.callbackEvents().stored())
        .param("alertQueueLength", s.alertQueueLength())
        .param("logoUrl", s.display().logoUrl())
        .param("title", s.display().title())
        .param("message", s.display().message());
  }

  private static Queue map(ResultSet rs, int row) throws SQLException {
    QueueSettings settings =
        new QueueSettings(
            rs.getString("name"),
            rs.getInt("release_rate_per_minute"),
            integerOrNull(rs, "max_active_users"),
            rs.getInt("priority"),
            rs.getInt("access_ttl_seconds"),
            rs.getInt("idle_timeout_seconds"),
            rs.getString("callback_url"),
            rs.getString("redirect_url"),
            instant(rs, "opens_at"),
            instant(rs, "closes_at"),
            QueueMethod.parse(rs.getString("queue_method")),
            integerOrNull(rs, "max_size"),
            rs.getInt("simulation") == 1,
            CallbackEvents.parse(rs.getString("callback_events")),
            integerOrNull(rs, "alert_queue_length"),
            new QueueDisplay(
                rs.getString("logo_url"), rs.getString("title"), rs.getString("message")));
    Long seed = longOrNull(rs, "shuffle_seed");
    Queue.Shuffle shuffle =
        seed == null ? null : new Queue.Shuffle(seed, rs.getLong("shuffled_through"));
    return new Queue(
        rs.getLong("id"),
        rs.getLong("application_id"),
        settings,
        rs.getInt("paused") == 1,
        shuffle,
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        rs.getLong("row_version"));
  }

  private static ConflictException nameTaken(String name) {
    return new ConflictException(
        "name_taken", "this application already has a queue named '" + name + "'");
  }
}

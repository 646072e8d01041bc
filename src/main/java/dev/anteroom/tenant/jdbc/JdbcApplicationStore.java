package dev.anteroom.tenant.jdbc;

import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.integerOrNull;
import static dev.anteroom.common.jdbc.Rows.millis;

import dev.anteroom.common.ConflictException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.jdbc.Rows;
import dev.anteroom.tenant.ApiKeys;
import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.ApplicationFields;
import dev.anteroom.tenant.ApplicationStore;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.KeyKind;
import dev.anteroom.tenant.SealedWebhookSecrets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Applications in the relational database. */
public final class JdbcApplicationStore implements ApplicationStore {

  private static final String SELECT =
      "SELECT id, name, description, callback_url, allowed_origins, max_release_rate_per_minute,"
          + " created_at, updated_at FROM applications";

  private final JdbcClient jdbc;

  public JdbcApplicationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Application create(long id, ApplicationFields fields, ApiKeys.KeyHashes keys, Instant at) {
    Instant now = Rows.toMillis(at);
    try {
      jdbc.sql(
              "INSERT INTO applications (id, name, description, callback_url, allowed_origins,"
                  + " max_release_rate_per_minute, secret_key_hash, publishable_key_hash,"
                  + " created_at, updated_at, deletion_mark) VALUES (:id, :name, :description,"
                  + " :callbackUrl, :origins, :rate, :sk, :pk, :now, :now, 0)")
          .param("id", id)
          .param("name", fields.name())
          .param("description", fields.description())
          .param("callbackUrl", fields.callbackUrl())
          .param("origins", joinOrigins(fields.allowedOrigins()))
          .param("rate", fields.maxReleaseRatePerMinute())
          .param("sk", keys.secretKeyHash())
          .param("pk", keys.publishableKeyHash())
          .param("now", millis(now))
          .update();
    } catch (DuplicateKeyException e) {
      throw nameTaken(fields.name());
    }
    return new Application(
        id,
        fields.name(),
        fields.description(),
        fields.callbackUrl(),
        fields.allowedOrigins(),
        fields.maxReleaseRatePerMinute(),
        now,
        now);
  }

  @Override
  public Optional<Application> find(long id) {
    return jdbc.sql(SELECT + " WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query(JdbcApplicationStore::map)
        .optional();
  }

  @Override
  public List<Application> all() {
    return jdbc.sql(SELECT + " WHERE deleted_at IS NULL").query(JdbcApplicationStore::map).list();
  }

  @Override
  public Page<Application> list(PageRequest page, Optional<Set<Long>> only) {
    if (only.isPresent() && only.get().isEmpty()) {
      return new Page<>(List.of(), page.page(), page.size(), 0);
    }
    Map<String, Object> params = new HashMap<>();
    String where = "deleted_at IS NULL";
    if (only.isPresent()) {
      where += " AND id IN (:ids)";
      params.put("ids", only.get());
    }
    return Rows.page(jdbc, SELECT, where, params, page, JdbcApplicationStore::map);
  }

  @Override
  public Optional<Application> update(long id, ApplicationFields fields, Instant now) {
    int updated;
    try {
      updated =
          jdbc.sql(
                  "UPDATE applications SET name = :name, description = :description,"
                      + " callback_url = :callbackUrl, allowed_origins = :origins,"
                      + " max_release_rate_per_minute = :rate, updated_at = :now"
                      + " WHERE id = :id AND deleted_at IS NULL")
              .param("id", id)
              .param("name", fields.name())
              .param("description", fields.description())
              .param("callbackUrl", fields.callbackUrl())
              .param("origins", joinOrigins(fields.allowedOrigins()))
              .param("rate", fields.maxReleaseRatePerMinute())
              .param("now", millis(now))
              .update();
    } catch (DuplicateKeyException e) {
      throw nameTaken(fields.name());
    }
    return updated == 0 ? Optional.empty() : find(id);
  }

  @Override
  public boolean replaceKeys(long id, ApiKeys.KeyHashes keys, Instant now) {
    return jdbc.sql(
                "UPDATE applications SET secret_key_hash = :sk, publishable_key_hash = :pk,"
                    + " updated_at = :now WHERE id = :id AND deleted_at IS NULL")
            .param("id", id)
            .param("sk", keys.secretKeyHash())
            .param("pk", keys.publishableKeyHash())
            .param("now", millis(now))
            .update()
        == 1;
  }

  @Override
  public boolean delete(long id, Instant now) {
    return jdbc.sql(
                "UPDATE applications SET deleted_at = :now, deletion_mark = id, updated_at = :now"
                    + " WHERE id = :id AND deleted_at IS NULL")
            .param("id", id)
            .param("now", millis(now))
            .update()
        == 1;
  }

  @Override
  public Optional<SealedWebhookSecrets> webhookSecrets(long id) {
    return jdbc.sql(
            "SELECT webhook_secret, previous_webhook_secret, previous_webhook_secret_until"
                + " FROM applications WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query(
            (rs, n) ->
                new SealedWebhookSecrets(
                    rs.getString("webhook_secret"),
                    rs.getString("previous_webhook_secret"),
                    instant(rs, "previous_webhook_secret_until")))
        .optional();
  }

  @Override
  public boolean replaceWebhookSecret(long id, String sealed, Instant previousUntil) {
    // Every right-hand side reads the row as it was, so the old secret moves to previous in the
    // same statement; an application that had none keeps no previous one.
    return jdbc.sql(
                "UPDATE applications SET previous_webhook_secret = webhook_secret,"
                    + " previous_webhook_secret_until = CASE WHEN webhook_secret IS NULL THEN NULL"
                    + " ELSE :until END, webhook_secret = :sealed"
                    + " WHERE id = :id AND deleted_at IS NULL")
            .param("id", id)
            .param("sealed", sealed)
            .param("until", millis(previousUntil))
            .update()
        == 1;
  }

  @Override
  public Optional<String> secretKeyHash(long id) {
    return jdbc.sql(
            "SELECT secret_key_hash FROM applications WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query((rs, n) -> rs.getString("secret_key_hash").strip())
        .optional();
  }

  @Override
  public Optional<Caller.ApplicationKey> findByKeyHash(String keyHash) {
    return jdbc.sql(
            "SELECT id, secret_key_hash FROM applications"
                + " WHERE (secret_key_hash = :hash OR publishable_key_hash = :hash)"
                + " AND deleted_at IS NULL")
        .param("hash", keyHash)
        .query(
            (rs, n) ->
                new Caller.ApplicationKey(
                    rs.getLong("id"),
                    keyHash.equals(rs.getString("secret_key_hash").strip())
                        ? KeyKind.SECRET
                        : KeyKind.PUBLISHABLE))
        .optional();
  }

  private static Application map(ResultSet rs, int row) throws SQLException {
    return new Application(
        rs.getLong("id"),
        rs.getString("name"),
        rs.getString("description"),
        rs.getString("callback_url"),
        splitOrigins(rs.getString("allowed_origins")),
        integerOrNull(rs, "max_release_rate_per_minute"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"));
  }

  private static String joinOrigins(List<String> origins) {
    return origins.isEmpty() ? null : String.join("\n", origins);
  }

  private static List<String> splitOrigins(String stored) {
    return stored == null || stored.isEmpty() ? List.of() : Arrays.asList(stored.split("\n"));
  }

  private static ConflictException nameTaken(String name) {
    return new ConflictException(
        "name_taken", "an application named '" + name + "' already exists");
  }
}

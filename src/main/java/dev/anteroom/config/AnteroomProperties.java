package dev.anteroom.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Anteroom's settings. Each is read from the environment variable of the system Anteroom replaces
 * (see {@code application.yml} for the mapping), so existing deployments keep their names.
 *
 * @param profile {@code development} (default) or {@code production}; production refuses to start
 *     without a strong {@code SECRET_KEY}
 * @param secretKey {@code SECRET_KEY}: the root of every signing and encryption key
 * @param dataDir where the embedded database and the development secret live
 * @param admin the first super admin, created on first start
 * @param database {@code DB_URL}, {@code DB_USER}, {@code DB_PASSWORD}; an empty URL selects the
 *     embedded H2 database under {@code dataDir}
 * @param adminTokenTtl lifetime of an admin sign-in token
 * @param apiKeyCacheTtl how long a node trusts a cached API key lookup, found or not
 * @param apiKeyFailureAttempts how many lookups of unknown API keys a client address may make at
 *     once; past them it gets 429
 * @param apiKeyFailureRefill the time after which an address may look up one more unknown key
 * @param login the sign-in throttle
 */
@ConfigurationProperties("anteroom")
public record AnteroomProperties(
    @DefaultValue("development") String profile,
    String secretKey,
    @DefaultValue("./data") String dataDir,
    @DefaultValue Admin admin,
    @DefaultValue Database database,
    @DefaultValue("1h") Duration adminTokenTtl,
    @DefaultValue("10s") Duration apiKeyCacheTtl,
    @DefaultValue("20") int apiKeyFailureAttempts,
    @DefaultValue("1s") Duration apiKeyFailureRefill,
    @DefaultValue Login login) {

  public boolean production() {
    return "production".equalsIgnoreCase(profile == null ? "" : profile.strip());
  }

  /** The first super admin: {@code ADMIN_EMAIL}, {@code ADMIN_PASSWORD}. */
  public record Admin(@DefaultValue("admin@anteroom.local") String email, String password) {
    @Override
    public String toString() {
      return "Admin[" + email + ", password redacted]";
    }
  }

  /**
   * Failed sign-ins allowed per email and per client address before {@code POST /auth/login}
   * answers 429: {@code emailAttempts} at once, then one more every {@code emailRefill} (and the
   * same for addresses). An office behind one address gets more than one person's allowance.
   */
  public record Login(
      @DefaultValue("5") int emailAttempts,
      @DefaultValue("10s") Duration emailRefill,
      @DefaultValue("20") int addressAttempts,
      @DefaultValue("3s") Duration addressRefill) {}

  /**
   * The system of record.
   *
   * @param connectionTimeout how long a request waits for a connection before it is answered 503
   *     ({@code DB_CONNECTION_TIMEOUT}); also the driver's connect timeout on PostgreSQL
   * @param retryInterval while the database is down, how often one request is let through to see
   *     whether it is back ({@code DB_RETRY_INTERVAL}); the others are answered 503 at once
   */
  public record Database(
      String url,
      String user,
      String password,
      @DefaultValue("2s") Duration connectionTimeout,
      @DefaultValue("1s") Duration retryInterval) {
    public boolean embedded() {
      return url == null || url.isBlank();
    }

    @Override
    public String toString() {
      return "Database[" + (embedded() ? "embedded" : url) + ", password redacted]";
    }
  }

  @Override
  public String toString() {
    return "AnteroomProperties[" + profile + ", " + dataDir + ", " + database + "]";
  }
}

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

  /** The system of record. */
  public record Database(String url, String user, String password) {
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

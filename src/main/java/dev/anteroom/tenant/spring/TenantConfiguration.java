package dev.anteroom.tenant.spring;

import dev.anteroom.common.KeySealer;
import dev.anteroom.common.SecretMaterial;
import dev.anteroom.common.Transactions;
import dev.anteroom.config.AnteroomProperties;
import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminStore;
import dev.anteroom.tenant.AdminTokens;
import dev.anteroom.tenant.AllowedOrigins;
import dev.anteroom.tenant.ApiKeyAuthenticator;
import dev.anteroom.tenant.ApplicationService;
import dev.anteroom.tenant.ApplicationStore;
import dev.anteroom.tenant.LoginThrottle;
import dev.anteroom.tenant.PasswordHasher;
import dev.anteroom.tenant.Throttle;
import dev.anteroom.tenant.VisitorSigningKeys;
import dev.anteroom.tenant.WebhookSecrets;
import dev.anteroom.tenant.jdbc.JdbcAdminStore;
import dev.anteroom.tenant.jdbc.JdbcApplicationStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the tenant core to its JDBC stores. */
@Configuration(proxyBeanMethods = false)
class TenantConfiguration {

  /**
   * How many emails and client addresses each throttle tracks (a few megabytes at most); beyond
   * that the least recently seen are forgotten, which only a flood from many addresses reaches.
   */
  private static final int TRACKED_EMAILS = 50_000;

  private static final int TRACKED_ADDRESSES = 50_000;

  private static final Duration WEBHOOK_SECRET_CACHE = Duration.ofSeconds(3);

  @Bean
  ApplicationStore applicationStore(JdbcClient jdbc) {
    return new JdbcApplicationStore(jdbc);
  }

  @Bean
  AdminStore adminStore(JdbcClient jdbc, TransactionTemplate transactions) {
    return new JdbcAdminStore(jdbc, transactions);
  }

  @Bean
  PasswordHasher passwordHasher(@Value("${anteroom.bcrypt-strength:12}") int strength) {
    return new BcryptPasswordHasher(strength);
  }

  @Bean
  AdminTokens adminTokens(SecretMaterial secret, Clock clock, AnteroomProperties properties) {
    return new AdminTokens(secret.derive("admin-token"), clock, properties.adminTokenTtl());
  }

  @Bean
  ApiKeyAuthenticator apiKeyAuthenticator(
      ApplicationStore store, Clock clock, AnteroomProperties properties) {
    Throttle failures =
        new Throttle(
            properties.apiKeyFailureAttempts(),
            properties.apiKeyFailureRefill(),
            TRACKED_ADDRESSES,
            clock);
    return new ApiKeyAuthenticator(store, clock, properties.apiKeyCacheTtl(), failures);
  }

  @Bean
  LoginThrottle loginThrottle(Clock clock, AnteroomProperties properties) {
    AnteroomProperties.Login login = properties.login();
    return new LoginThrottle(
        new Throttle(login.emailAttempts(), login.emailRefill(), TRACKED_EMAILS, clock),
        new Throttle(login.addressAttempts(), login.addressRefill(), TRACKED_ADDRESSES, clock));
  }

  /** Browser keys: any origin in development, only the listed ones in production. */
  @Bean
  AllowedOrigins allowedOrigins(AnteroomProperties properties) {
    return new AllowedOrigins(!properties.production());
  }

  @Bean
  VisitorSigningKeys visitorSigningKeys(
      ApplicationStore store, SecretMaterial secret, Clock clock, AnteroomProperties properties) {
    return new VisitorSigningKeys(
        secret.derive("visitor-id-signing"),
        store::secretKeyHash,
        clock,
        properties.apiKeyCacheTtl());
  }

  /**
   * Webhook secrets, sealed under a key of their own; the dispatcher signs with them, so a rotation
   * reaches it within {@link #WEBHOOK_SECRET_CACHE} (at once on this node).
   */
  @Bean
  WebhookSecrets webhookSecrets(ApplicationStore store, SecretMaterial secret, Clock clock) {
    return new WebhookSecrets(
        new KeySealer(secret.derive("webhook-secret-sealing")),
        store::webhookSecrets,
        clock,
        WEBHOOK_SECRET_CACHE);
  }

  @Bean
  ApplicationService applicationService(
      ApplicationStore store,
      ApiKeyAuthenticator keys,
      VisitorSigningKeys visitorKeys,
      WebhookSecrets webhookSecrets,
      Transactions transactions,
      ObjectProvider<ApplicationService.DeletionListener> listeners,
      Clock clock) {
    List<ApplicationService.DeletionListener> all = listeners.orderedStream().toList();
    return new ApplicationService(
        store, keys, visitorKeys, webhookSecrets, transactions, all, clock);
  }

  @Bean
  AdminService adminService(
      AdminStore admins,
      ApplicationStore applications,
      PasswordHasher hasher,
      AdminTokens tokens,
      LoginThrottle throttle,
      Clock clock) {
    return new AdminService(admins, applications, hasher, tokens, throttle, clock);
  }

  @Bean
  AdminBootstrap adminBootstrap(AdminService admins, AnteroomProperties properties) {
    return new AdminBootstrap(admins, properties.admin(), properties.production());
  }
}

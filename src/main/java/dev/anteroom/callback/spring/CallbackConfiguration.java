package dev.anteroom.callback.spring;

import dev.anteroom.callback.Backoff;
import dev.anteroom.callback.CallbackErrorStore;
import dev.anteroom.callback.CallbackErrors;
import dev.anteroom.callback.CallbackOutcomes;
import dev.anteroom.callback.CallbackTransport;
import dev.anteroom.callback.Dispatcher;
import dev.anteroom.callback.OutboxStore;
import dev.anteroom.callback.SigningSecrets;
import dev.anteroom.callback.http.HttpCallbackTransport;
import dev.anteroom.callback.jdbc.JdbcCallbackErrorStore;
import dev.anteroom.callback.jdbc.JdbcOutboxStore;
import dev.anteroom.common.CallbackUrls;
import dev.anteroom.common.Transactions;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import dev.anteroom.tenant.ApplicationService;
import dev.anteroom.tenant.WebhookSecrets;
import dev.anteroom.waiting.PassIssuer;
import dev.anteroom.waiting.VisitorTokens;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires callback delivery: the outbox and error stores, the HTTP transport, the dispatcher. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackProperties.class)
class CallbackConfiguration {

  private static final Logger log = LoggerFactory.getLogger(CallbackConfiguration.class);

  @Bean
  OutboxStore callbackOutboxStore(
      JdbcTemplate jdbc, TransactionTemplate transactions, DataSource dataSource) {
    return new JdbcOutboxStore(jdbc, transactions, isPostgres(dataSource));
  }

  @Bean
  CallbackErrorStore callbackErrorStore(JdbcClient jdbc) {
    return new JdbcCallbackErrorStore(jdbc);
  }

  @Bean(destroyMethod = "close")
  HttpCallbackTransport callbackTransport(CallbackProperties settings, Clock clock) {
    if (settings.allowPrivate()) {
      log.warn(
          "callbacks may go to loopback, private and link-local addresses"
              + " (ANTEROOM_ALLOW_PRIVATE_CALLBACKS=true)");
    }
    return new HttpCallbackTransport(
        settings.connectTimeout(),
        settings.requestTimeout(),
        settings.maxConcurrent(),
        settings.maxPerHost(),
        settings.allowPrivate(),
        clock);
  }

  /** Callbacks are signed with the application's webhook secrets (two during a rotation). */
  @Bean
  SigningSecrets signingSecrets(WebhookSecrets secrets) {
    return secrets::signingSecrets;
  }

  @Bean
  CallbackOutcomes callbackOutcomes(Clock clock) {
    return new CallbackOutcomes(clock);
  }

  /** Deliveries run on virtual threads, never on the release engine's threads. */
  @Bean(destroyMethod = "close")
  ExecutorService callbackDeliveries() {
    return Executors.newThreadPerTaskExecutor(
        Thread.ofVirtual().name("anteroom-callback-", 0).factory());
  }

  @Bean
  Dispatcher callbackDispatcher(
      OutboxStore outbox,
      CallbackTransport transport,
      SigningSecrets secrets,
      QueueDirectory queues,
      VisitorTokens tokens,
      PassIssuer passes,
      CallbackProperties settings,
      ExecutorService callbackDeliveries,
      CallbackOutcomes outcomes,
      Clock clock) {
    Backoff backoff =
        new Backoff(
            settings.initialBackoff(),
            settings.multiplier(),
            settings.maxRetries(),
            settings.maxRetryAfter(),
            RandomGenerator.getDefault());
    Dispatcher dispatcher =
        new Dispatcher(
            outbox,
            transport,
            secrets,
            queues,
            tokens,
            passes,
            backoff,
            new Dispatcher.Limits(
                settings.batchSize(),
                settings.maxConcurrent(),
                settings.maxPerHost(),
                settings.lease(),
                java.time.Duration.ofSeconds(1)),
            callbackDeliveries,
            clock);
    dispatcher.observe(outcomes);
    return dispatcher;
  }

  @Bean
  CallbackErrors callbackErrors(
      CallbackErrorStore errors, OutboxStore outbox, Transactions transactions, Clock clock) {
    return new CallbackErrors(errors, outbox, transactions, clock);
  }

  /**
   * The save-time check of callback URLs, given to the services that save them: a URL must be
   * http(s) with a host and no user info, and resolve to public addresses unless private targets
   * are allowed.
   */
  @Bean
  CallbackUrls callbackUrls(
      CallbackProperties settings, ApplicationService applications, QueueService queues) {
    CallbackUrls check = new CallbackUrls(settings.allowPrivate(), InetAddress::getAllByName);
    applications.checkCallbackUrlsWith(check);
    queues.checkCallbackUrlsWith(check);
    return check;
  }

  private static boolean isPostgres(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      return connection
          .getMetaData()
          .getDatabaseProductName()
          .toLowerCase(Locale.ROOT)
          .contains("postgresql");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot tell which database holds the callback outbox", e);
    }
  }
}

package dev.anteroom.alert.spring;

import dev.anteroom.alert.AlertChannel;
import dev.anteroom.alert.AlertDispatcher;
import dev.anteroom.alert.AlertEvaluator;
import dev.anteroom.alert.AlertLifecycle;
import dev.anteroom.alert.AlertRule;
import dev.anteroom.alert.AlertService;
import dev.anteroom.alert.AlertStore;
import dev.anteroom.alert.AlertTexts;
import dev.anteroom.alert.Backoff;
import dev.anteroom.alert.CallbackFailureRule;
import dev.anteroom.alert.CallbackOutcomes;
import dev.anteroom.alert.DatabaseRule;
import dev.anteroom.alert.DiskSpaceRule;
import dev.anteroom.alert.LiveQueueLengths;
import dev.anteroom.alert.QueueLengthRule;
import dev.anteroom.alert.ReleaseLagRule;
import dev.anteroom.alert.jdbc.JdbcAlertRecipients;
import dev.anteroom.alert.jdbc.JdbcAlertStore;
import dev.anteroom.alert.mail.MailChannel;
import dev.anteroom.alert.webhook.WebhookChannel;
import dev.anteroom.alert.webhook.WebhookFormat;
import dev.anteroom.alert.webhook.WebhookPayloads;
import dev.anteroom.callback.OutboxStore;
import dev.anteroom.common.Ids;
import dev.anteroom.config.AnteroomProperties;
import dev.anteroom.node.Pacing;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires the alerts: the rules over the live queues, the callback deliveries' outcomes, the
 * database, the release engine (when its loop runs) and the data folder's disk; the stored
 * lifecycle; the channels that are configured; the loop. With several nodes the evaluator runs on
 * the node that does the cluster's chores ({@link Pacing#dutiesAreMine()}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertProperties.class)
class AlertConfiguration {

  private static final Logger log = LoggerFactory.getLogger(AlertConfiguration.class);

  @Bean
  AlertStore alertStore(JdbcClient jdbc) {
    return new JdbcAlertStore(jdbc);
  }

  @Bean
  AlertService alertService(AlertStore store) {
    return new AlertService(store);
  }

  @Bean
  AlertTexts alertTexts(AlertProperties properties) {
    return new AlertTexts(properties.cooldown());
  }

  /**
   * Sends on virtual threads: one per channel at a time, so none ever waits for another. Wrapped,
   * not an {@code Executor} bean, which would replace Spring Boot's own task executor.
   */
  @Bean(destroyMethod = "close")
  AlertSendThreads alertSendThreads() {
    return new AlertSendThreads(
        Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("anteroom-alert-send-", 0).factory()));
  }

  /** The threads alert messages are sent on. */
  record AlertSendThreads(ExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
      executor.shutdownNow();
    }
  }

  @Bean
  AlertDispatcher alertDispatcher(
      AlertProperties properties,
      AnteroomProperties anteroom,
      AlertTexts texts,
      JdbcClient jdbc,
      AlertSendThreads sendThreads,
      Clock clock) {
    List<AlertChannel> channels = new ArrayList<>();
    AlertProperties.Smtp smtp = properties.smtp();
    if (smtp.configured()) {
      if (anteroom.admin().email().endsWith("@anteroom.local")) {
        log.warn(
            "alert emails go to ADMIN_EMAIL, which is {}, a placeholder: set ADMIN_EMAIL to an"
                + " address that reads them",
            anteroom.admin().email());
      }
      String from = from(smtp, anteroom.admin().email());
      channels.add(
          new MailChannel(
              MailChannel.smtp(
                  smtp.host().strip(), smtp.port(), smtp.user(), smtp.pass(), smtp.timeout()),
              from,
              anteroom.admin().email(),
              new JdbcAlertRecipients(jdbc),
              texts,
              "email via " + smtp.host().strip() + ":" + smtp.port()));
    }
    AlertProperties.Webhook webhook = properties.webhook();
    if (webhook.configured()) {
      URI url = URI.create(webhook.url().strip());
      channels.add(
          new WebhookChannel(
              url,
              WebhookFormat.choose(webhook.format(), url),
              new WebhookPayloads(texts),
              webhook.connectTimeout(),
              webhook.timeout()));
    }
    channels.forEach(c -> log.info("alerts are sent by {}", c.describe()));
    if (channels.isEmpty()) {
      log.info(
          "no alert channel configured (SMTP_HOST, WEBHOOK_URL): alerts are recorded and listed"
              + " at /dashboard/alerts only");
    }
    AlertProperties.Retry retry = properties.retry();
    return new AlertDispatcher(
        channels,
        sendThreads.executor(),
        clock,
        new Backoff(
            retry.initialBackoff(), retry.multiplier(), retry.maxBackoff(), retry.attempts()),
        properties.channelCapacity());
  }

  private static String from(AlertProperties.Smtp smtp, String adminEmail) {
    if (smtp.from() != null && !smtp.from().isBlank()) {
      return smtp.from().strip();
    }
    if (smtp.user() != null && smtp.user().contains("@")) {
      return smtp.user().strip();
    }
    return adminEmail;
  }

  @Bean
  AlertEvaluator alertEvaluator(
      AlertProperties properties,
      AnteroomProperties anteroom,
      AlertStore store,
      AlertDispatcher dispatcher,
      QueueDirectory queues,
      WaitingLineStore lines,
      JdbcClient jdbc,
      ReleaseEngine engine,
      dev.anteroom.callback.CallbackOutcomes deliveries,
      OutboxStore outbox,
      Pacing pacing,
      Clock clock,
      @Value("${anteroom.release.loop-enabled:true}") boolean releaseLoop,
      @Value("${anteroom.cluster.enabled:false}") boolean cluster) {
    List<AlertRule> rules = new ArrayList<>();
    rules.add(
        new QueueLengthRule(new LiveQueueLengths(queues, lines, properties.queueThreshold())));
    // Alone, this node delivers every callback and counts them in memory; with several nodes each
    // delivers a share, so the rule counts what the outbox says every node finished.
    rules.add(
        new CallbackFailureRule(
            cluster ? finishedByApplication(outbox) : byApplication(deliveries),
            properties.callbackWindow(),
            properties.callbackFailures(),
            properties.callbackFailureRatio(),
            properties.callbackMinOutcomes(),
            cluster ? Instant.MIN : clock.instant()));
    rules.add(new DatabaseRule(() -> answers(jdbc)));
    if (releaseLoop) {
      rules.add(new ReleaseLagRule(engine::lag, properties.releaseLag()));
    }
    rules.add(
        new DiskSpaceRule(
            new FolderDiskSpace(Path.of(anteroom.dataDir())),
            anteroom.dataDir(),
            properties.diskMinFreePercent(),
            properties.diskMinFree().toBytes()));
    log.info(
        "alert rules: {}",
        rules.stream().map(r -> r.kind().wireName()).toList().toString().toLowerCase(Locale.ROOT));
    return new AlertEvaluator(
        rules,
        store,
        new AlertLifecycle(properties.cooldown(), Ids::next),
        dispatcher::submit,
        pacing::dutiesAreMine);
  }

  /** A one-row query through the guarded pool: refused at once while the circuit is open. */
  private static boolean answers(JdbcClient jdbc) {
    try {
      jdbc.sql("SELECT 1").query(Integer.class).single();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Bean
  @ConditionalOnProperty(name = "anteroom.alerts.loop-enabled", matchIfMissing = true)
  AlertLoop alertLoop(
      AlertEvaluator evaluator,
      AlertDispatcher dispatcher,
      Clock clock,
      AlertProperties properties) {
    return new AlertLoop(evaluator, dispatcher, clock, properties.interval().toMillis());
  }

  /** Every node's final outcomes per application, read from the outbox. */
  private static CallbackOutcomes finishedByApplication(OutboxStore outbox) {
    return (window, now) ->
        outbox.finishedByApplication(now.minus(window), now).stream()
            .map(
                t ->
                    new CallbackOutcomes.Tally(t.applicationId(), t.successes(), t.finalFailures()))
            .toList();
  }

  /** This node's deliveries' final outcomes per application, counted in memory. */
  private static CallbackOutcomes byApplication(dev.anteroom.callback.CallbackOutcomes deliveries) {
    return (window, now) ->
        deliveries.recentByApplication(window, now).stream()
            .map(
                t ->
                    new CallbackOutcomes.Tally(t.applicationId(), t.successes(), t.finalFailures()))
            .toList();
  }
}

package dev.anteroom.alert.spring;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Alert settings ({@code anteroom.alerts.*}); the channels keep the environment names of the system
 * Anteroom replaces ({@code SMTP_*}, {@code WEBHOOK_URL}, see {@code application.yml}). Validated
 * at start: a bad value stops the node with a message naming it.
 *
 * @param loopEnabled whether the evaluator runs by itself; tests turn it off and call it
 * @param interval how often the rules are evaluated
 * @param cooldown the least time between two messages about one firing alert
 * @param queueThreshold {@code QUEUE_THRESHOLD}: waiting visitors above which a queue alerts,
 *     unless the queue sets its own {@code alert_queue_length}; 0 turns it off for those queues
 * @param callbackWindow the sliding window of the callback-failure rule
 * @param callbackFailures final callback failures in the window that make an application alert
 * @param callbackFailureRatio the share of final outcomes failed above which an application alerts,
 *     given at least {@code callbackMinOutcomes} of them
 * @param releaseLag how far behind schedule the release engine may be before it alerts
 * @param diskMinFreePercent usable share of the data folder's disk below which it alerts
 * @param diskMinFree usable space of the data folder's disk below which it alerts
 * @param retry how failed messages are retried
 * @param channelCapacity messages a channel holds waiting before it drops the oldest
 */
@ConfigurationProperties("anteroom.alerts")
public record AlertProperties(
    @DefaultValue("true") boolean loopEnabled,
    @DefaultValue("20s") Duration interval,
    @DefaultValue("15m") Duration cooldown,
    @DefaultValue("100") int queueThreshold,
    @DefaultValue("5m") Duration callbackWindow,
    @DefaultValue("5") int callbackFailures,
    @DefaultValue("0.5") double callbackFailureRatio,
    @DefaultValue("10") int callbackMinOutcomes,
    @DefaultValue("30s") Duration releaseLag,
    @DefaultValue("5") double diskMinFreePercent,
    @DefaultValue("1GB") DataSize diskMinFree,
    @DefaultValue Retry retry,
    @DefaultValue("1000") int channelCapacity,
    @DefaultValue Smtp smtp,
    @DefaultValue Webhook webhook) {

  public AlertProperties {
    positive("anteroom.alerts.interval", interval);
    positive("anteroom.alerts.cooldown", cooldown);
    positive("anteroom.alerts.callback-window", callbackWindow);
    positive("anteroom.alerts.release-lag", releaseLag);
    if (queueThreshold < 0) {
      throw new InvalidAlertSettingsException(
          "QUEUE_THRESHOLD (anteroom.alerts.queue-threshold) must be 0 (off) or more, was "
              + queueThreshold);
    }
    if (callbackFailures < 1) {
      throw new InvalidAlertSettingsException(
          "anteroom.alerts.callback-failures must be 1 or more, was " + callbackFailures);
    }
    if (!(callbackFailureRatio > 0 && callbackFailureRatio <= 1)) {
      throw new InvalidAlertSettingsException(
          "anteroom.alerts.callback-failure-ratio must be above 0 and at most 1, was "
              + callbackFailureRatio);
    }
    if (callbackMinOutcomes < 1) {
      throw new InvalidAlertSettingsException(
          "anteroom.alerts.callback-min-outcomes must be 1 or more, was " + callbackMinOutcomes);
    }
    if (!(diskMinFreePercent >= 0 && diskMinFreePercent < 100)) {
      throw new InvalidAlertSettingsException(
          "anteroom.alerts.disk-min-free-percent must be from 0 to below 100, was "
              + diskMinFreePercent);
    }
    if (diskMinFree.isNegative()) {
      throw new InvalidAlertSettingsException("anteroom.alerts.disk-min-free must not be negative");
    }
    if (channelCapacity < 1) {
      throw new InvalidAlertSettingsException(
          "anteroom.alerts.channel-capacity must be 1 or more, was " + channelCapacity);
    }
  }

  private static void positive(String name, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new InvalidAlertSettingsException(name + " must be positive, was " + value);
    }
  }

  /**
   * Retries of a failed message: {@code initialBackoff}, then {@code multiplier} times longer each
   * time up to {@code maxBackoff}, {@code attempts} attempts in all.
   */
  public record Retry(
      @DefaultValue("10s") Duration initialBackoff,
      @DefaultValue("3") double multiplier,
      @DefaultValue("10m") Duration maxBackoff,
      @DefaultValue("6") int attempts) {

    public Retry {
      positive("anteroom.alerts.retry.initial-backoff", initialBackoff);
      if (multiplier < 1) {
        throw new InvalidAlertSettingsException(
            "anteroom.alerts.retry.multiplier must be 1 or more, was " + multiplier);
      }
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new InvalidAlertSettingsException(
            "anteroom.alerts.retry.max-backoff must not be below initial-backoff");
      }
      if (attempts < 1 || attempts > 100) {
        throw new InvalidAlertSettingsException(
            "anteroom.alerts.retry.attempts must be from 1 to 100, was " + attempts);
      }
    }
  }

  /**
   * The mail server: {@code SMTP_HOST} (empty: no email), {@code SMTP_PORT}, {@code SMTP_USER},
   * {@code SMTP_PASS}, {@code SMTP_FROM} (default: {@code SMTP_USER} if it is an address, else
   * {@code ADMIN_EMAIL}).
   */
  public record Smtp(
      String host,
      @DefaultValue("587") int port,
      String user,
      String pass,
      String from,
      @DefaultValue("10s") Duration timeout) {

    public Smtp {
      if (port < 1 || port > 65535) {
        throw new InvalidAlertSettingsException("SMTP_PORT must be from 1 to 65535, was " + port);
      }
      positive("anteroom.alerts.smtp.timeout", timeout);
    }

    public boolean configured() {
      return host != null && !host.isBlank();
    }

    @Override
    public String toString() {
      return "Smtp[" + host + ":" + port + ", user " + user + ", password redacted]";
    }
  }

  /**
   * The operator's webhook: {@code WEBHOOK_URL} (empty: none) and {@code WEBHOOK_FORMAT} (slack,
   * teams, generic; empty: recognised from the URL's host).
   */
  public record Webhook(
      String url,
      String format,
      @DefaultValue("5s") Duration connectTimeout,
      @DefaultValue("10s") Duration timeout) {

    public Webhook {
      if (url != null && !url.isBlank()) {
        try {
          URI parsed = new URI(url.strip());
          if (parsed.getHost() == null
              || !("http".equalsIgnoreCase(parsed.getScheme())
                  || "https".equalsIgnoreCase(parsed.getScheme()))) {
            throw new InvalidAlertSettingsException(
                "WEBHOOK_URL must be an absolute http(s) URL with a host");
          }
        } catch (URISyntaxException e) {
          throw new InvalidAlertSettingsException("WEBHOOK_URL is not a valid URL");
        }
      }
      if (format != null
          && !format.isBlank()
          && !format.strip().toLowerCase(java.util.Locale.ROOT).matches("slack|teams|generic")) {
        throw new InvalidAlertSettingsException(
            "WEBHOOK_FORMAT must be slack, teams or generic (or empty), was '"
                + format.strip()
                + "'");
      }
      positive("anteroom.alerts.webhook.connect-timeout", connectTimeout);
      positive("anteroom.alerts.webhook.timeout", timeout);
    }

    public boolean configured() {
      return url != null && !url.isBlank();
    }

    /** Never the URL itself: a Slack webhook's path is its key. */
    @Override
    public String toString() {
      return "Webhook[" + (configured() ? "set" : "none") + ", format " + format + "]";
    }
  }
}

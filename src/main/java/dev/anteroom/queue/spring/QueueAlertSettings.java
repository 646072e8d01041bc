package dev.anteroom.queue.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The global queue-length alert threshold ({@code QUEUE_THRESHOLD}), which a queue follows unless
 * its {@code alert_queue_length} overrides it or turns the alert off. Queue answers show it for the
 * queues that follow it; the alerts read the same property.
 *
 * @param queueThreshold waiting visitors above which a queue-length alert fires; 0 turns the alert
 *     off for the queues that follow it (the alerts' own settings accept the same values)
 */
@ConfigurationProperties("anteroom.alerts")
public record QueueAlertSettings(@DefaultValue("100") int queueThreshold) {

  public QueueAlertSettings {
    if (queueThreshold < 0) {
      throw new IllegalArgumentException(
          "QUEUE_THRESHOLD (anteroom.alerts.queue-threshold) must be 0 (off) or more, was "
              + queueThreshold);
    }
  }
}

package dev.anteroom.queue.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The global queue-length alert threshold ({@code QUEUE_THRESHOLD}), which a queue follows unless
 * its {@code alert_queue_length} overrides it or turns the alert off. Queue answers show it for the
 * queues that follow it; the alerts read the same property.
 *
 * @param queueThreshold waiting visitors above which a queue-length alert fires, at least 1
 */
@ConfigurationProperties("anteroom.alerts")
public record QueueAlertSettings(@DefaultValue("100") int queueThreshold) {

  public QueueAlertSettings {
    if (queueThreshold < 1) {
      throw new IllegalArgumentException(
          "anteroom.alerts.queue-threshold (QUEUE_THRESHOLD) must be at least 1, not "
              + queueThreshold);
    }
  }
}

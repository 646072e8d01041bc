package dev.anteroom.alert;

import java.util.Objects;

/**
 * What one alert is kept per: its kind and its subject (a queue for queue length, an application
 * for callback failures, the node's database, engine or data folder for system alerts). At most one
 * alert per key fires at a time.
 */
public record AlertKey(AlertKind kind, String subject) {

  public AlertKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
  }

  public static AlertKey ofQueue(AlertKind kind, long queueId) {
    return new AlertKey(kind, "queue:" + queueId);
  }

  public static AlertKey ofApplication(AlertKind kind, long applicationId) {
    return new AlertKey(kind, "application:" + applicationId);
  }

  public static AlertKey ofSystem(AlertKind kind, String what) {
    return new AlertKey(kind, "system:" + what);
  }
}

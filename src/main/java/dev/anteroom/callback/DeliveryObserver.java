package dev.anteroom.callback;

/**
 * Told about every delivery attempt and every event's end, for metrics and alert tallies. Called
 * from the dispatcher's threads: implementations must be quick and thread-safe.
 */
public interface DeliveryObserver {

  /** One attempt ended (not called for events that failed before any request was sent). */
  void attempted(long applicationId, long queueId, DeliveryResult result);

  /** An event ended: delivered ({@code success}) or failed for good. */
  void finished(long applicationId, long queueId, boolean success);
}

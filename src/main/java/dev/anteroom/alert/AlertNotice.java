package dev.anteroom.alert;

/**
 * A message to send about an alert: it started, it still lasts (once per cooldown), or it ended.
 *
 * @param alert the alert after the change
 */
public record AlertNotice(Event event, Alert alert) {

  /** Why the message is sent. */
  public enum Event {
    STARTED,
    REPEATED,
    RESOLVED
  }
}

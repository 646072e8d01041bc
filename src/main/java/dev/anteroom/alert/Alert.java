package dev.anteroom.alert;

import java.time.Instant;

/**
 * One alert from the moment its condition started: firing while the condition lasts, resolved once
 * it ended. A condition that comes back later is a new alert.
 *
 * @param lastNotifiedAt when the last message (start, repeat or resolution) was handed to channels
 * @param notifications how many messages were handed to channels for it, the resolution included
 */
public record Alert(
    long id,
    AlertKey key,
    Long applicationId,
    Long queueId,
    State state,
    String summary,
    Instant startedAt,
    Instant lastNotifiedAt,
    Instant resolvedAt,
    int notifications) {

  /** Where an alert stands; "ok" is the absence of a firing alert for a key. */
  public enum State {
    FIRING,
    RESOLVED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public AlertKind kind() {
    return key.kind();
  }

  public boolean firing() {
    return state == State.FIRING;
  }

  static Alert start(long id, Condition condition, Instant now) {
    return new Alert(
        id,
        condition.key(),
        condition.applicationId(),
        condition.queueId(),
        State.FIRING,
        condition.summary(),
        now,
        now,
        null,
        1);
  }

  /** Still firing; the summary follows the latest reading. */
  Alert update(Condition condition) {
    return new Alert(
        id,
        key,
        applicationId,
        queueId,
        state,
        condition.summary(),
        startedAt,
        lastNotifiedAt,
        resolvedAt,
        notifications);
  }

  Alert repeat(Condition condition, Instant now) {
    requireFiring("repeat");
    return new Alert(
        id,
        key,
        applicationId,
        queueId,
        state,
        condition.summary(),
        startedAt,
        now,
        null,
        notifications + 1);
  }

  Alert resolve(Instant now) {
    requireFiring("resolve");
    return new Alert(
        id,
        key,
        applicationId,
        queueId,
        State.RESOLVED,
        summary,
        startedAt,
        now,
        now,
        notifications + 1);
  }

  private void requireFiring(String change) {
    if (state != State.FIRING) {
      throw new IllegalStateException(
          "alert " + id + ": cannot " + change + " from " + state + " (only a firing alert can)");
    }
  }

  /**
   * This stored alert with the messages another copy of it sent while the database could not be
   * read: one alert continues, counting every message.
   */
  Alert absorb(Alert other) {
    Instant last =
        other.lastNotifiedAt.isAfter(lastNotifiedAt) ? other.lastNotifiedAt : lastNotifiedAt;
    return new Alert(
        id,
        key,
        applicationId,
        queueId,
        state,
        other.summary,
        startedAt,
        last,
        resolvedAt,
        notifications + other.notifications);
  }
}

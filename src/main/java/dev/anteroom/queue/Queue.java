package dev.anteroom.queue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A queue of one application.
 *
 * @param shuffle the pre-queue shuffle done at opening, or null while it has not happened
 * @param version counts the changes of the row: of two copies read at different times, the one with
 *     the higher version is the newer
 */
public record Queue(
    long id,
    long applicationId,
    QueueSettings settings,
    boolean paused,
    Shuffle shuffle,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public Queue withSettings(QueueSettings changed, Instant at) {
    return new Queue(id, applicationId, changed, paused, shuffle, createdAt, at, version + 1);
  }

  public Queue withPaused(boolean changed, Instant at) {
    return new Queue(id, applicationId, settings, changed, shuffle, createdAt, at, version + 1);
  }

  public Queue withShuffle(Shuffle recorded) {
    return new Queue(
        id, applicationId, settings, paused, recorded, createdAt, updatedAt, version + 1);
  }

  /** Where the queue stands at {@code now}, as operators see it. */
  public State stateAt(Instant now) {
    if (settings.closesAt() != null && !now.isBefore(settings.closesAt())) {
      return State.CLOSED;
    }
    if (paused) {
      return State.PAUSED;
    }
    if (settings.opensAt() != null && now.isBefore(settings.opensAt())) {
      return State.SCHEDULED;
    }
    return State.OPEN;
  }

  public boolean isOpenAt(Instant now) {
    return settings.opensAt() == null || !now.isBefore(settings.opensAt());
  }

  /** When a pass issued at {@code now} ends: whole seconds, as a JWT carries them. */
  public Instant passUntil(Instant now) {
    return now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(settings.accessTtlSeconds());
  }

  public boolean isClosedAt(Instant now) {
    return stateAt(now) == State.CLOSED;
  }

  /** The states a queue shows. */
  public enum State {
    OPEN,
    PAUSED,
    SCHEDULED,
    CLOSED
  }

  /**
   * The shuffle of everyone who joined before opening: a seed (recorded so that the same order is
   * rebuilt after a restart) and the first sequence number that was not part of it.
   */
  public record Shuffle(long seed, long throughSeq) {}
}

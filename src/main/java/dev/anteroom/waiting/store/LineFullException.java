package dev.anteroom.waiting.store;

import dev.anteroom.common.ConflictException;

/**
 * The line already holds its queue's {@code max_size} waiting visitors. Decided by the join writer
 * as it numbers the join, so a burst can never overshoot the limit.
 */
public final class LineFullException extends ConflictException {

  public LineFullException(long queueId, int maxWaiting) {
    super(
        "queue_full",
        "queue " + queueId + " is full: " + maxWaiting + " visitors are already waiting");
  }
}

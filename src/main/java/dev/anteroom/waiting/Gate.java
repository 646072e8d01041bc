package dev.anteroom.waiting;

import dev.anteroom.queue.Queue;
import java.time.Instant;

/**
 * The pacing decisions a join and a poll need, answered by the release engine: whether a visitor
 * may go straight through, and how fast the line is moving.
 */
public interface Gate {

  /**
   * Whether one visitor arriving now may skip the line: nobody is waiting, the queue is open and
   * not paused, there is an active slot and pace to spare. A yes reserves the admission until
   * {@link #settle}.
   */
  boolean admitNow(Queue queue, Instant now);

  /** Ends an admission from {@link #admitNow}; {@code used} false gives it back. */
  void settle(Queue queue, boolean used);

  /** Visitors per second the queue is expected to release from now on; 0 if none. */
  double expectedRate(Queue queue, Instant now);
}

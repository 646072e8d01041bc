package dev.anteroom.waiting;

import dev.anteroom.queue.Queue;
import java.time.Instant;

/**
 * The pacing decisions a join and a poll need, answered by the release engine: whether a visitor
 * may go straight through, and how long a place in line has to wait.
 */
public interface Gate {

  /**
   * Whether one visitor arriving now may skip the line: nobody is waiting, the queue is open and
   * not paused, there is an active slot and pace to spare. A yes reserves the admission until
   * {@link #settle}.
   */
  boolean admitNow(Queue queue, Instant now);

  /**
   * What {@link #admitNow} would answer now, reserving and spending nothing: the answer of a
   * simulated join.
   */
  boolean wouldAdmitNow(Queue queue, Instant now);

  /** Ends an admission from {@link #admitNow}; {@code used} false gives it back. */
  void settle(Queue queue, boolean used);

  /**
   * Seconds from {@code now} until the visitor at {@code place} in line (1 is next; a fraction for
   * the middle of a lottery) is expected to be let through; null while the queue is paused and
   * nobody is let through.
   */
  Long expectedWait(Queue queue, double place, Instant now);
}

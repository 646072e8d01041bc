package dev.anteroom.waiting.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The database's side of lines that several nodes share: the log each node follows into its own
 * copy, and the head lock under which joins are numbered, so that every node numbers a queue's
 * joins from the same, complete view of its line.
 */
public interface SharedLines extends LineLogReader, AutoCloseable {

  /**
   * Waits until a node announces a committed change of some line, or {@code atMost} passes,
   * whichever is first. Called by one thread, the one that follows.
   */
  void awaitChange(Duration atMost) throws InterruptedException;

  @Override
  void close();

  /**
   * Runs {@code work} in one transaction that holds the queue's head row locked to its end: no
   * other transaction changes the queue's line meanwhile. {@code work} is given the number of the
   * last event logged for the queue (0 for none) and runs its writes in the same transaction.
   */
  <T> T underHead(long queueId, LongFunction<T> work);

  /** Which visitors each node saw polling, for the idle expiry of the node that paces a queue. */
  SeenReports seenReports();

  /**
   * Deletes the queue's events but the last {@code keep}; answers how many. A copy further behind
   * than that starts again from a snapshot.
   */
  int purge(long queueId, long keep);

  /** When the queue last let someone through (a release, or a join straight through), if ever. */
  Optional<Instant> lastReleaseAt(long queueId);

  /**
   * The number of the last event logged for each of these queues; queues with none are left out.
   */
  Map<Long, Long> lastEvents(Collection<Long> queueIds);
}

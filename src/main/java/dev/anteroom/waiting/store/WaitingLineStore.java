package dev.anteroom.waiting.store;

import dev.anteroom.queue.Queue;
import dev.anteroom.waiting.VisitorState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Where waiting lines live: positions for polls, and every change made durable before it is
 * acknowledged. The embedded implementation keeps an in-process index over the relational journal;
 * a shared one (Redis) will sit behind the same contract, which {@code WaitingLineStoreContract}
 * pins down.
 *
 * <p>A line must be {@linkplain #open opened} before any other call names its queue.
 */
public interface WaitingLineStore extends AutoCloseable {

  /**
   * Makes the queue's line available, rebuilding it from the journal the first time.
   *
   * @param shuffle the opening shuffle already recorded for the queue, or null
   */
  void open(long queueId, Queue.Shuffle shuffle);

  boolean isOpen(long queueId);

  /** Forgets the line (its queue was deleted); the journal keeps the rows. */
  void drop(long queueId);

  /**
   * Adds a visitor, or answers the live place its visitor key already holds. Returns only once the
   * row is committed.
   */
  default Joined join(long queueId, NewVisitor visitor) {
    return join(queueId, visitor, null);
  }

  /**
   * Adds a visitor as {@link #join(long, NewVisitor)} does, refusing a waiting visitor with {@link
   * LineFullException} when {@code maxWaiting} visitors are already waiting (null: no limit). The
   * limit is exact under any number of concurrent joins.
   */
  Joined join(long queueId, NewVisitor visitor, Integer maxWaiting);

  /** The visitor as of {@code now}; never writes. */
  Optional<VisitorView> find(long queueId, long seq, Instant now);

  /** The live place (waiting or released) this visitor key holds in the queue, if any. */
  Optional<VisitorView> findByVisitorKey(long queueId, String visitorKey, Instant now);

  /** Records that a waiting visitor polled, in memory only. */
  void touch(long queueId, long seq, Instant at);

  /**
   * Takes a waiting visitor out of the line; answers the state afterwards (a released or ended
   * visitor keeps its state), or null for a visitor the store does not know. Idempotent.
   */
  VisitorState cancel(long queueId, long seq, Instant at);

  /**
   * Releases up to {@code max} waiting visitors in release order (priority, then slot, or at random
   * within a priority when {@code random} is given), durably, each exactly once.
   */
  List<ReleasedVisitor> release(
      long queueId, int max, Instant at, Instant passUntil, RandomGenerator random);

  /**
   * Expires waiting visitors who have not polled since {@code lastSeenBefore}; answers how many.
   */
  int expireIdle(long queueId, Instant lastSeenBefore, Instant at);

  /** Ends the released visitors whose pass has run out at {@code at}; answers how many. */
  default int expirePasses(long queueId, Instant at) {
    return expirePasses(queueId, at, true);
  }

  /**
   * Ends the released visitors whose pass has run out at {@code at}, recording their
   * visitor.expired events only when {@code record} (the node that paces the queue records them;
   * the others only follow in memory); answers how many.
   */
  int expirePasses(long queueId, Instant at, boolean record);

  /** Ends a released visitor's session early; false if it was not active. */
  boolean complete(long queueId, long seq, Instant at);

  LineCounts counts(long queueId);

  /**
   * When the waiting visitor who joined first did, to the second; empty when nobody waits. Walks
   * the line from its start to the first waiting visitor: for dashboards, not for polls.
   */
  Optional<Instant> oldestWaitingJoinedAt(long queueId);

  /**
   * When the passes still active at {@code now} run out. Scans the line: callers keep the answer
   * for a while rather than ask on every poll.
   */
  PassExpiries passExpiries(long queueId, Instant now);

  /** The position a visitor of this priority would get by joining now. */
  int positionOfNewcomer(long queueId, int priority);

  /** Applies the opening shuffle of everyone who joined before {@code shuffle.throughSeq()}. */
  void shuffle(long queueId, Queue.Shuffle shuffle);

  /** The highest sequence number handed out so far, or 0. */
  long lastSeq(long queueId);

  /**
   * When the queue last let someone through (a release or a join straight through), as the shared
   * log has it; empty when unknown or when this node is alone with the database (nobody else paced
   * the queue).
   */
  default Optional<Instant> lastReleaseAt(long queueId) {
    return Optional.empty();
  }

  /**
   * How far this node's copy of the queue's line has followed the log shared with other nodes: the
   * number of the last event applied, after first following it to at least {@code seen} (an answer
   * from another node reflected that far) when it is behind. 0 for a node alone with the database.
   */
  default long followTo(long queueId, long seen) {
    return 0;
  }

  /** The durable row of a visitor. */
  Optional<VisitorRow> record(long queueId, long seq);

  @Override
  void close();
}

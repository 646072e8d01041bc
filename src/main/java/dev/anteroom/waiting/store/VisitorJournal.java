package dev.anteroom.waiting.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable record of visitors: the relational database in production, a map in tests and
 * simulations. Every write is one transaction that has committed when the method returns. The
 * callback events a change causes (the outbox) are written in the transaction of the change, so
 * there is never one without the other.
 */
public interface VisitorJournal {

  /** Writes new visitors, all or none. */
  default void insert(List<VisitorRow> rows) {
    insert(rows, List.of());
  }

  /**
   * Writes new visitors and the outbox events of those let straight through, all or none: an event
   * that cannot be written (one with its key exists) fails the whole call.
   */
  void insert(List<VisitorRow> rows, List<OutboxEvent> events);

  /**
   * Applies state changes, all in one transaction; answers, per change, whether it applied (the row
   * was still in the expected state). Each change that applied and carries an {@link
   * Transition#event()} writes its outbox event in the same transaction; if one cannot be written,
   * the whole call fails and nothing applies.
   */
  boolean[] transition(List<Transition> changes);

  /**
   * Records {@code visitor.expired} for passes that ran out by time, which change no row: for each
   * visitor still released whose pass ended by {@code now}, once (an event already there is kept,
   * not repeated). The event's time is the pass's end. Answers how many were recorded.
   */
  int recordPassExpiries(long queueId, long[] seqs, Instant now);

  /**
   * The same for every visitor of the queue whose pass ran out after {@code since} and by {@code
   * now}: the catch-up, when a line is opened, on passes that ended while no node ran.
   */
  int recordPassExpiriesBetween(long queueId, Instant since, Instant now);

  /** The highest sequence number ever used in the queue, or 0. */
  long maxSeq(long queueId);

  /**
   * Feeds the queue's live visitors to {@code sink} in sequence order: those waiting, and those
   * released whose pass has not expired at {@code now}.
   */
  void loadLive(long queueId, Instant now, Consumer<VisitorRow> sink);

  Optional<VisitorRow> find(long queueId, long seq);
}

package dev.anteroom.waiting.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The durable record of visitors: the relational database in production, a map in tests and
 * simulations. Every write is one transaction that has committed when the method returns.
 */
public interface VisitorJournal {

  /** Writes new visitors, all or none. */
  void insert(List<VisitorRow> rows);

  /**
   * Applies state changes, all in one transaction; answers, per change, whether it applied (the row
   * was still in the expected state).
   */
  boolean[] transition(List<Transition> changes);

  /** The highest sequence number ever used in the queue, or 0. */
  long maxSeq(long queueId);

  /**
   * Feeds the queue's live visitors to {@code sink} in sequence order: those waiting, and those
   * released whose pass has not expired at {@code now}.
   */
  void loadLive(long queueId, Instant now, Consumer<VisitorRow> sink);

  Optional<VisitorRow> find(long queueId, long seq);
}

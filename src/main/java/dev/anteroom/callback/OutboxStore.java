package dev.anteroom.callback;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The callback outbox as the dispatcher sees it. Rows are claimed with a lease, so that several
 * workers (or nodes) share the work without sending one event twice at once, and a crashed worker's
 * rows come back when the lease ends. Outcomes are written in batches.
 */
public interface OutboxStore {

  /**
   * Claims up to {@code limit} pending rows due at {@code now}, oldest due first, except those of
   * {@code skipQueues}, and leases them until {@code leaseUntil}.
   */
  List<OutboxRow> claim(Instant now, Instant leaseUntil, int limit, Set<Long> skipQueues);

  /** Writes a batch of outcomes in one transaction, and the error records of final failures. */
  void record(List<Outcome> outcomes, List<CallbackError> errors);

  /**
   * Gives claimed rows back without counting an attempt, due again at {@code dueAt} (a target host
   * at its concurrency bound).
   */
  void postpone(List<EventKey> keys, Instant dueAt);

  /** Pending events per queue, for the {@code callback_pending} gauge. */
  Map<Long, Long> pendingByQueue();

  /**
   * Events that finished (delivered, or failed for good) in {@code (from, to]}, per application,
   * whichever node finished them: the callback-failure alert's counts when several nodes deliver.
   */
  List<CallbackOutcomes.Tally> finishedByApplication(Instant from, Instant to);

  /** Deletes delivered and failed rows finished before {@code before}; answers how many. */
  int purge(Instant before);

  /** Deletes error records written before {@code before}; answers how many. */
  int purgeErrors(Instant before);

  /**
   * Makes a finished event pending again, due at {@code now} with no attempts; inserts it anew if
   * it was purged; an event still pending is left as it is.
   */
  void redeliver(List<Redelivery> events, Instant now);

  /** The end of one attempt, as recorded on the outbox row. */
  sealed interface Outcome {
    EventKey key();

    String attemptLog();

    /** Delivered: state 2. */
    record Delivered(EventKey key, String attemptLog, Instant at) implements Outcome {}

    /** Failed for now: one more attempt counted, due again at {@code dueAt}. */
    record Retry(EventKey key, String attemptLog, Instant dueAt) implements Outcome {}

    /** Failed for good: state 3. */
    record Failed(EventKey key, String attemptLog, Instant at) implements Outcome {}
  }

  /** An event to send again, with the time it happened (for re-inserting a purged row). */
  record Redelivery(EventKey key, Instant occurredAt) {}
}

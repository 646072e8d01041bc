package dev.anteroom.waiting.store;

/**
 * Keeps a node that no longer paces a queue's application from committing a pacing decision (a
 * release, an idle expiry, a join let straight through). Called inside the transaction that writes
 * it; throws to roll that transaction back.
 */
@FunctionalInterface
public interface PaceFence {

  /** A single node paces everything: nothing to check. */
  PaceFence NONE = queueId -> {};

  void check(long queueId);
}

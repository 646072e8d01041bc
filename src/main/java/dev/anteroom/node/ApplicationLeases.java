package dev.anteroom.node;

import java.util.OptionalLong;

/**
 * Which node paces each application when several share the database: one at a time, by a lease the
 * database times, with an epoch that grows with each new holder. Releasing is fenced by the epoch:
 * a release commits only while the lease it was decided under is still this node's.
 */
public interface ApplicationLeases {

  /**
   * Takes the application's lease if it is free or ran out, or renews it if this node holds it.
   * Answers the epoch now held, or empty when another node holds a live lease.
   */
  OptionalLong takeOrRenew(long applicationId);

  /** Gives the lease up at once (a node shutting down), if this node holds it at that epoch. */
  void giveUp(long applicationId, long epoch);

  /**
   * Inside the caller's transaction: passes only while this node holds the application's lease at
   * {@code epoch}, and keeps another node from taking it until that transaction ends.
   *
   * @throws LeaseLostException otherwise, so the transaction rolls back
   */
  void fence(long applicationId, long epoch);
}

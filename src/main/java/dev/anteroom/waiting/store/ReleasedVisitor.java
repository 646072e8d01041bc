package dev.anteroom.waiting.store;

import java.time.Instant;

/**
 * A visitor just let through.
 *
 * @param joinedAt when the visitor joined, to the second (from the in-memory line, so a release
 *     never reads it back from the journal)
 */
public record ReleasedVisitor(
    long seq, int priority, Instant releasedAt, Instant expiresAt, Instant joinedAt) {

  /**
   * Whole seconds from join to release (at least 0): both ends taken to the second, as the join
   * time is known, so that short waits are not biased up by the release's fraction of a second.
   */
  public double waitSeconds() {
    return Math.max(0, releasedAt.getEpochSecond() - joinedAt.getEpochSecond());
  }
}

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

  /** Seconds from join to release (at least 0). */
  public double waitSeconds() {
    return Math.max(0, java.time.Duration.between(joinedAt, releasedAt).toMillis() / 1000.0);
  }
}

package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;

/**
 * One checked change of a visitor's state: it applies only if the row is still in {@code from}.
 *
 * @param expiresAt for a release, when the pass expires; otherwise null
 * @param reason for an ending, why; otherwise null
 */
public record Transition(
    long queueId,
    long seq,
    VisitorState from,
    VisitorState to,
    Instant at,
    Instant expiresAt,
    EndReason reason) {

  public Transition {
    from.moveTo(to);
  }

  static Transition release(long queueId, long seq, Instant at, Instant expiresAt) {
    return new Transition(
        queueId, seq, VisitorState.WAITING, VisitorState.RELEASED, at, expiresAt, null);
  }

  static Transition end(
      long queueId, long seq, VisitorState from, VisitorState to, Instant at, EndReason reason) {
    return new Transition(queueId, seq, from, to, at, null, reason);
  }
}

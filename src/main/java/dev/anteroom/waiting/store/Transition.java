package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;

/**
 * One checked change of a visitor's state: it applies only if the row is still in {@code from}.
 *
 * @param expiresAt for a release, when the pass expires; otherwise null
 * @param reason for an ending, why; otherwise null
 * @param event the callback event the change records in the outbox if it applies, or null when the
 *     queue sends none for it
 */
public record Transition(
    long queueId,
    long seq,
    VisitorState from,
    VisitorState to,
    Instant at,
    Instant expiresAt,
    EndReason reason,
    VisitorEvent event) {

  public Transition {
    from.moveTo(to);
  }

  /** A change that records no event. */
  public Transition(
      long queueId,
      long seq,
      VisitorState from,
      VisitorState to,
      Instant at,
      Instant expiresAt,
      EndReason reason) {
    this(queueId, seq, from, to, at, expiresAt, reason, null);
  }

  static Transition release(
      long queueId, long seq, Instant at, Instant expiresAt, VisitorEvent event) {
    return new Transition(
        queueId, seq, VisitorState.WAITING, VisitorState.RELEASED, at, expiresAt, null, event);
  }

  static Transition end(
      long queueId,
      long seq,
      VisitorState from,
      VisitorState to,
      Instant at,
      EndReason reason,
      VisitorEvent event) {
    return new Transition(queueId, seq, from, to, at, null, reason, event);
  }

  /** The outbox row this change writes when it applies, or null. */
  public OutboxEvent outboxEvent() {
    return event == null ? null : new OutboxEvent(queueId, seq, event, at);
  }
}

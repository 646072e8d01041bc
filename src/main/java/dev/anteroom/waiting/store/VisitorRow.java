package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;

/**
 * A visitor as the system of record holds it.
 *
 * @param visitorKey the tenant's key for "one place per person", or null
 * @param metadata the tenant's JSON object, or null
 * @param expiresAt when the pass of a released visitor expires
 */
public record VisitorRow(
    long queueId,
    long seq,
    int priority,
    VisitorState state,
    String visitorKey,
    String metadata,
    Instant joinedAt,
    Instant releasedAt,
    Instant expiresAt,
    Instant endedAt,
    EndReason endReason) {

  /** The state as of {@code now}: a released visitor whose pass has run out has expired. */
  public VisitorState stateAt(Instant now) {
    if (state == VisitorState.RELEASED && expiresAt != null && !now.isBefore(expiresAt)) {
      return VisitorState.EXPIRED;
    }
    return state;
  }
}

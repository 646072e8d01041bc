package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;

/**
 * A visitor as the system of record holds it.
 *
 * @param visitorKey the tenant's key for "one place per person", or null
 * @param metadata the tenant's JSON object, or null
 * @param expiresAt when the pass of a released visitor expires
 * @param positionAtJoin the 1-based place the join was given, for callbacks; null for a visitor let
 *     straight through at the join, and for rows written before it was recorded
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
    EndReason endReason,
    Integer positionAtJoin) {

  /** A row without a recorded join position. */
  public VisitorRow(
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
    this(
        queueId,
        seq,
        priority,
        state,
        visitorKey,
        metadata,
        joinedAt,
        releasedAt,
        expiresAt,
        endedAt,
        endReason,
        null);
  }

  /** The state as of {@code now}: a released visitor whose pass has run out has expired. */
  public VisitorState stateAt(Instant now) {
    if (state == VisitorState.RELEASED && expiresAt != null && !now.isBefore(expiresAt)) {
      return VisitorState.EXPIRED;
    }
    return state;
  }
}

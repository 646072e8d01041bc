package dev.anteroom.waiting;

import java.time.Instant;

/**
 * The answer to a join.
 *
 * @param token the queue token to poll with; null for a simulated join
 * @param created false when the visitor key already held this place, and for a simulated join
 * @param simulated a simulated join: what a real join would have answered now, with nothing stored
 *     and no token or pass handed out
 */
public record JoinResult(
    String token, boolean created, Instant joinedAt, VisitorStatus status, boolean simulated) {}

package dev.anteroom.callback;

import java.time.Instant;

/**
 * A claimed outbox event with what its payload needs from the visitor row (read with it, in the
 * same query). The visitor fields are null if the visitor row is gone.
 *
 * @param applicationId the queue's application, read with the row (so known even once the queue is
 *     deleted), or 0 if the queue row is gone
 * @param attempts deliveries tried before this one
 * @param attemptLog the earlier attempts, as {@link AttemptLog} writes them, or null
 */
public record OutboxRow(
    EventKey key,
    long applicationId,
    Instant occurredAt,
    int attempts,
    String attemptLog,
    String visitorKey,
    Instant joinedAt,
    Instant releasedAt,
    Instant expiresAt,
    Integer positionAtJoin) {}

package dev.anteroom.waiting.store;

import java.time.Instant;

/**
 * A visitor to add to a line.
 *
 * @param visitorKey the tenant's key for "one place per person", or null
 * @param metadata the tenant's JSON object, or null
 * @param releaseUntil null to join the line; otherwise the visitor goes straight through with a
 *     pass valid until then
 */
public record NewVisitor(
    int priority, String visitorKey, String metadata, Instant joinedAt, Instant releaseUntil) {}

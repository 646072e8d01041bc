package dev.anteroom.tenant;

import java.time.Instant;

/**
 * An application's webhook secrets as stored: sealed, never in clear.
 *
 * @param current the sealed current secret, or null for an application created before webhook
 *     secrets existed and never rotated since
 * @param previous the sealed secret replaced by the last rotation, or null
 * @param previousUntil until when the previous secret still signs, or null
 */
public record SealedWebhookSecrets(String current, String previous, Instant previousUntil) {}

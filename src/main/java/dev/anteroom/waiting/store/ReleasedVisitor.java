package dev.anteroom.waiting.store;

import java.time.Instant;

/** A visitor just let through. */
public record ReleasedVisitor(long seq, int priority, Instant releasedAt, Instant expiresAt) {}

package dev.anteroom.waiting.store;

import dev.anteroom.waiting.VisitorState;
import java.time.Instant;

/**
 * A visitor as a poll sees it.
 *
 * @param position 1-based place in line while waiting, otherwise 0
 * @param expiresAt when the pass runs out, for a released visitor; otherwise null
 */
public record VisitorView(
    long seq, VisitorState state, int priority, int position, Instant expiresAt) {}

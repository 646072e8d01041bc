package dev.anteroom.waiting.store;

/**
 * The outcome of a durable join.
 *
 * @param created false when the visitor key already held a live place, which is answered instead
 */
public record Joined(VisitorView visitor, boolean created) {}

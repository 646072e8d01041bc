package dev.anteroom.waiting.store;

/**
 * How many visitors a line holds.
 *
 * @param waiting visitors waiting, all priorities
 * @param active released visitors whose pass has not expired or been completed
 */
public record LineCounts(int waiting, int active) {}

package dev.anteroom.waiting.store;

import java.time.Instant;

/**
 * A callback event as the journal writes it to the outbox, in the transaction of the change that
 * causes it. A visitor has at most one event of each type.
 *
 * @param occurredAt when the change happened; the event is due for delivery from then
 */
public record OutboxEvent(long queueId, long seq, VisitorEvent event, Instant occurredAt) {}

package dev.anteroom.waiting.store;

/**
 * Which changes carry a callback event: the store asks once per step (not once per visitor) and
 * marks the changes of a queue that records the event, so the journal writes them to the outbox in
 * the change's own transaction. Answers must come from memory: the release path asks on every step.
 */
@FunctionalInterface
public interface EventSubscriptions {

  /** No queue sends callbacks: simulations, and tests that do not look at the outbox. */
  EventSubscriptions NONE = (queueId, event) -> false;

  /** Whether a change of this queue that causes {@code event} is recorded in the outbox. */
  boolean records(long queueId, VisitorEvent event);
}

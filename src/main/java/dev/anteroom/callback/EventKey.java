package dev.anteroom.callback;

import dev.anteroom.waiting.store.VisitorEvent;

/**
 * An outbox event's identity: a visitor has at most one event of each type. The {@code webhook-id}
 * is derived from it, so every retry and redelivery of one event carries the same id and receivers
 * can de-duplicate on it.
 */
public record EventKey(long queueId, long seq, VisitorEvent event) {

  /** {@code msg_<queue>_<seq>_<code>}: stable, and within the spec's allowed characters. */
  public String webhookId() {
    return "msg_" + queueId + "_" + seq + "_" + event.code();
  }
}

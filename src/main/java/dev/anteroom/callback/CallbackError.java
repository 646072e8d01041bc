package dev.anteroom.callback;

import java.time.Instant;
import java.util.List;

/**
 * The record of an event whose last delivery attempt failed: what was sent where, what came back,
 * and when each attempt was made.
 *
 * @param httpStatus the last HTTP status, or null if there was none ({@code errorKind} says why)
 * @param retriedAt when someone asked for it to be delivered again, or null
 */
public record CallbackError(
    long id,
    long applicationId,
    EventKey key,
    Instant occurredAt,
    String targetUrl,
    Integer httpStatus,
    String errorKind,
    String responseSnippet,
    List<AttemptLog.Attempt> attempts,
    Instant createdAt,
    Instant retriedAt) {

  public String eventId() {
    return key.webhookId();
  }
}

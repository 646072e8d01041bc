package dev.anteroom.callback;

import dev.anteroom.common.JsonStrings;
import dev.anteroom.waiting.store.VisitorEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The JSON body of a callback, written by hand (it is small, fixed and on the hot path):
 *
 * <pre>{"type": "visitor.released", "timestamp": "...", "data": {"application_id", "queue_id",
 * "visitor_id", "token", "access_token", "access_expires_at", "position_at_join",
 * "waited_seconds"}}</pre>
 *
 * The access token and its expiry are only in {@code visitor.released}.
 */
public final class CallbackPayload {

  private CallbackPayload() {}

  /**
   * @param accessToken the pass, for visitor.released only (null otherwise)
   */
  public static byte[] of(
      long applicationId, OutboxRow row, String queueToken, String accessToken) {
    VisitorEvent event = row.key().event();
    StringBuilder json = new StringBuilder(accessToken == null ? 256 : 256 + accessToken.length());
    json.append("{\"type\":");
    JsonStrings.quote(json, event.wireName());
    json.append(",\"timestamp\":");
    JsonStrings.quote(json, row.occurredAt().toString());
    json.append(",\"data\":{\"application_id\":").append(applicationId);
    json.append(",\"queue_id\":").append(row.key().queueId());
    json.append(",\"visitor_id\":");
    JsonStrings.quote(json, row.visitorKey());
    json.append(",\"token\":");
    JsonStrings.quote(json, queueToken);
    if (event == VisitorEvent.RELEASED) {
      json.append(",\"access_token\":");
      JsonStrings.quote(json, accessToken);
      json.append(",\"access_expires_at\":");
      JsonStrings.quote(json, row.expiresAt() == null ? null : row.expiresAt().toString());
    }
    json.append(",\"position_at_join\":")
        .append(row.positionAtJoin() == null ? "null" : row.positionAtJoin().toString());
    json.append(",\"waited_seconds\":").append(waitedSeconds(row));
    json.append("}}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whole seconds from joining to the event; null if the visitor row is gone. */
  static String waitedSeconds(OutboxRow row) {
    if (row.joinedAt() == null) {
      return "null";
    }
    Instant until = row.occurredAt();
    Duration waited = Duration.between(row.joinedAt(), until);
    return Long.toString(Math.max(0, waited.toSeconds()));
  }
}

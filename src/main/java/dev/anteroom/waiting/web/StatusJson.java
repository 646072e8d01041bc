package dev.anteroom.waiting.web;

import dev.anteroom.waiting.JoinResult;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.web.Problems;

/**
 * The status body, written by hand: the poll path is the hottest in the system and this is all the
 * JSON it needs. The join answer and event streams use the same writer, so all three agree.
 */
final class StatusJson {

  private StatusJson() {}

  static String write(VisitorStatus status) {
    StringBuilder json = new StringBuilder(160).append('{');
    fields(json, status);
    return json.append('}').toString();
  }

  /** The join answer: the status with the token, the join time and, for a preview, a flag. */
  static String write(JoinResult result) {
    StringBuilder json = new StringBuilder(240).append('{');
    if (result.token() != null) {
      json.append("\"token\":\"").append(result.token()).append("\",");
    }
    fields(json, result.status());
    json.append(",\"joined_at\":\"").append(result.joinedAt()).append('"');
    if (result.simulated()) {
      json.append(",\"simulated\":true");
    }
    return json.append('}').toString();
  }

  private static void fields(StringBuilder json, VisitorStatus status) {
    json.append("\"status\":\"").append(status.state().wireName()).append('"');
    json.append(",\"position\":").append(status.position());
    json.append(",\"eta_seconds\":").append(status.etaSeconds());
    json.append(",\"poll_after_seconds\":").append(status.pollAfterSeconds());
    json.append(",\"queue_id\":").append(status.queueId());
    json.append(",\"redirect_url\":").append(Problems.quote(status.redirectUrl()));
    if (status.opensAt() != null) {
      json.append(",\"opens_at\":\"").append(status.opensAt()).append('"');
    }
    if (status.accessToken() != null) {
      json.append(",\"access_token\":\"").append(status.accessToken()).append('"');
      json.append(",\"access_expires_at\":\"").append(status.accessExpiresAt()).append('"');
    }
  }
}

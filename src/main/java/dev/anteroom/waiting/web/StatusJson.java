package dev.anteroom.waiting.web;

import dev.anteroom.waiting.JoinResult;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.web.Problems;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The status body, written by hand straight into bytes: the poll path is the hottest in the system
 * and this is all the JSON it needs. Everything but the redirect URL is ASCII by construction
 * (numbers, states, base64url tokens and instants), so it is copied byte for byte without a String
 * or an encoder in between. The join answer and event streams use the same writer, so all three
 * agree.
 */
public final class StatusJson {

  private StatusJson() {}

  static byte[] write(VisitorStatus status) {
    Bytes json = new Bytes(160).ascii("{");
    fields(json, status);
    return json.ascii("}").toArray();
  }

  /** The join answer: the status with the token, the join time and, for a preview, a flag. */
  static byte[] write(JoinResult result) {
    Bytes json = new Bytes(240).ascii("{");
    if (result.token() != null) {
      json.ascii("\"token\":\"").ascii(result.token()).ascii("\",");
    }
    fields(json, result.status());
    json.ascii(",\"joined_at\":\"").ascii(result.joinedAt().toString()).ascii("\"");
    if (result.simulated()) {
      json.ascii(",\"simulated\":true");
    }
    return json.ascii("}").toArray();
  }

  /** The status as text, for event streams. */
  public static String text(VisitorStatus status) {
    return new String(write(status), StandardCharsets.UTF_8);
  }

  private static void fields(Bytes json, VisitorStatus status) {
    json.ascii("\"status\":\"").ascii(status.state().wireName()).ascii("\"");
    json.ascii(",\"position\":").number(status.position());
    json.ascii(",\"eta_seconds\":").number(status.etaSeconds());
    json.ascii(",\"poll_after_seconds\":").number(status.pollAfterSeconds());
    json.ascii(",\"queue_id\":").number(status.queueId());
    json.ascii(",\"redirect_url\":").utf8(Problems.quote(status.redirectUrl()));
    if (status.opensAt() != null) {
      json.ascii(",\"opens_at\":\"").ascii(status.opensAt().toString()).ascii("\"");
      json.ascii(",\"opens_in_seconds\":").number(status.opensInSeconds());
    }
    if (status.accessToken() != null) {
      json.ascii(",\"access_token\":\"").ascii(status.accessToken()).ascii("\"");
      json.ascii(",\"access_expires_at\":\"")
          .ascii(status.accessExpiresAt().toString())
          .ascii("\"");
    }
  }

  /** A growable byte buffer that takes ASCII text without encoding it. */
  private static final class Bytes {
    private byte[] bytes;
    private int size;

    Bytes(int capacity) {
      bytes = new byte[capacity];
    }

    /** Text known to be ASCII (or, for numbers, null as JSON null). */
    Bytes ascii(String text) {
      int length = text.length();
      room(length);
      for (int i = 0; i < length; i++) {
        bytes[size + i] = (byte) text.charAt(i);
      }
      size += length;
      return this;
    }

    Bytes number(Number value) {
      return ascii(value == null ? "null" : value.toString());
    }

    Bytes number(long value) {
      return ascii(Long.toString(value));
    }

    Bytes utf8(String text) {
      byte[] encoded = text.getBytes(StandardCharsets.UTF_8);
      room(encoded.length);
      System.arraycopy(encoded, 0, bytes, size, encoded.length);
      size += encoded.length;
      return this;
    }

    byte[] toArray() {
      return Arrays.copyOf(bytes, size);
    }

    private void room(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}

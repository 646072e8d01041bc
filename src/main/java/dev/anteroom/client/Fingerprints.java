package dev.anteroom.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** The SHA-256 fingerprints the client's answers carry: ETags, and CSP hash sources. */
public final class Fingerprints {

  private Fingerprints() {}

  /**
   * A weak ETag of these bytes. Weak because the bytes on the wire are gzip-encoded or not as each
   * browser asks, and Tomcat (rightly) never compresses an answer whose ETag is strong, since a
   * strong tag would then name two different byte sequences.
   */
  public static String etag(byte[] bytes) {
    return "W/\""
        + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(bytes)).substring(0, 22)
        + "\"";
  }

  /** A CSP hash source for an inline stylesheet: {@code 'sha256-<base64 of its UTF-8 bytes>'}. */
  public static String hashSource(String text) {
    return "'sha256-"
        + Base64.getEncoder().encodeToString(sha256(text.getBytes(StandardCharsets.UTF_8)))
        + "'";
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

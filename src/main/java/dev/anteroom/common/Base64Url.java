package dev.anteroom.common;

import java.util.Base64;

/**
 * Unpadded base64url with one spelling per value. Decoders ignore the spare low bits of the last
 * character and accept padding, so several texts decode to the same bytes; a credential whose text
 * others may compare or de-duplicate must be refused unless it is the one canonical spelling.
 */
public final class Base64Url {

  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Base64Url() {}

  /** The bytes, or null unless {@code text} is their canonical unpadded base64url spelling. */
  public static byte[] decodeCanonical(String text) {
    if (text == null) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    return ENCODER.encodeToString(bytes).equals(text) ? bytes : null;
  }
}

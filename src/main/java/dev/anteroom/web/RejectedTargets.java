package dev.anteroom.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Why Tomcat refused a request before any filter saw it, worked out from the raw (still
 * percent-encoded) request target, so that the answer does not depend on the language of Tomcat's
 * messages and never echoes the input.
 */
final class RejectedTargets {

  static final String GENERIC =
      "the request line or a header is malformed: spaces, quotes, braces, control characters and"
          + " non-ASCII bytes must be percent-encoded in the target";

  private RejectedTargets() {}

  static String describe(String rawTarget) {
    if (rawTarget == null || rawTarget.isEmpty()) {
      return GENERIC;
    }
    int question = rawTarget.indexOf('?');
    String path = question < 0 ? rawTarget : rawTarget.substring(0, question);
    String fault = describePath(path);
    if (fault != null) {
      return fault;
    }
    if (question >= 0 && hasRawForbidden(rawTarget.substring(question + 1))) {
      return "the query string holds a character that must be percent-encoded (a space, quote,"
          + " brace, control character or non-ASCII byte)";
    }
    return GENERIC;
  }

  private static String describePath(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '%'
          && (i + 2 >= path.length()
              || Character.digit(path.charAt(i + 1), 16) < 0
              || Character.digit(path.charAt(i + 2), 16) < 0)) {
        return "the path is not valid percent-encoding: '%' must be followed by two hexadecimal"
            + " digits";
      }
    }
    if (hasRawForbidden(path)) {
      return "the path holds a character that must be percent-encoded (a space, quote, brace,"
          + " control character or non-ASCII byte)";
    }
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains("%00")) {
      return "the path must not contain an encoded NUL (%00)";
    }
    if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")) {
      return "the path must not contain encoded slashes (%2F) or backslashes";
    }
    if (!isUtf8(path)) {
      return "the path is not valid percent-encoding: the escaped bytes are not UTF-8";
    }
    if (lower.contains("..") || lower.contains("%2e")) {
      return "the path must not climb above the root with '..' segments";
    }
    return null;
  }

  /** Characters the request line may not carry unescaped (RFC 3986, as Tomcat applies it). */
  private static boolean hasRawForbidden(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c <= 0x20 || c >= 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean isUtf8(String path) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%') {
        bytes.write(
            Character.digit(path.charAt(i + 1), 16) << 4 | Character.digit(path.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray()));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}

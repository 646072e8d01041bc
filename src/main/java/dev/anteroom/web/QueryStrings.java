package dev.anteroom.web;

import dev.anteroom.common.InvalidInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads a raw query string the way the container will, but strictly: every {@code %} followed by
 * two hexadecimal digits, the escaped bytes UTF-8, no control characters, a bounded number of
 * parameters. Tomcat only parses parameters when a handler first asks for one, and fails with an
 * exception there, so a malformed query must be refused before any handler runs.
 */
public final class QueryStrings {

  /** No endpoint takes more than a handful; Tomcat itself fails past 1,000. */
  public static final int MAX_PARAMETERS = 100;

  private QueryStrings() {}

  /** Null when the query string is well formed; otherwise what is wrong, naming the parameter. */
  public static InvalidInputException check(String query) {
    if (query == null || isPlain(query)) {
      return null;
    }
    int count = 0;
    int from = 0;
    while (from <= query.length()) {
      int end = query.indexOf('&', from);
      if (end < 0) {
        end = query.length();
      }
      if (end > from) {
        if (++count > MAX_PARAMETERS) {
          return new InvalidInputException(
              null, "the query string has more than " + MAX_PARAMETERS + " parameters");
        }
        InvalidInputException fault = checkParameter(query.substring(from, end));
        if (fault != null) {
          return fault;
        }
      }
      from = end + 1;
    }
    return null;
  }

  /**
   * The common case, answered without allocating (this runs on every status poll): nothing escaped,
   * nothing the request line could not carry, few parameters.
   */
  private static boolean isPlain(String query) {
    int separators = 0;
    for (int i = 0; i < query.length(); i++) {
      char c = query.charAt(i);
      if (c == '%' || c < 0x20 || c >= 0x7f) {
        return false;
      }
      if (c == '&') {
        separators++;
      }
    }
    return separators < MAX_PARAMETERS;
  }

  /**
   * Decodes one raw parameter value ({@code +} is a space), or throws naming {@code parameter} when
   * it is not UTF-8 percent-encoding or holds control characters.
   */
  public static String decode(String parameter, String raw) {
    String problem = problemWith(raw);
    if (problem != null) {
      throw new InvalidInputException(parameter, "query parameter '" + parameter + "' " + problem);
    }
    return raw.indexOf('%') < 0 && raw.indexOf('+') < 0 ? raw : decodeUnchecked(raw);
  }

  private static InvalidInputException checkParameter(String pair) {
    int equals = pair.indexOf('=');
    String rawName = equals < 0 ? pair : pair.substring(0, equals);
    String nameProblem = problemWith(rawName);
    if (nameProblem != null) {
      return new InvalidInputException(null, "a query parameter name " + nameProblem);
    }
    if (equals < 0) {
      return null;
    }
    String name = decodeUnchecked(rawName);
    String valueProblem = problemWith(pair.substring(equals + 1));
    return valueProblem == null
        ? null
        : new InvalidInputException(name, "query parameter '" + name + "' " + valueProblem);
  }

  /** What is wrong with a raw name or value, as the end of a sentence, or null. */
  private static String problemWith(String raw) {
    boolean escaped = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
          return "is not valid percent-encoding: '%' must be followed by two hexadecimal digits";
        }
        escaped = true;
        i += 2;
      } else if (c < 0x20 || c >= 0x7f) {
        return "must not contain control characters or unescaped non-ASCII characters";
      }
    }
    if (!escaped) {
      return null;
    }
    String decoded;
    try {
      decoded = strictUtf8(raw);
    } catch (CharacterCodingException e) {
      return "is not valid percent-encoding: the escaped bytes are not UTF-8";
    }
    if (decoded.chars().anyMatch(Character::isISOControl)) {
      return "must not contain control characters";
    }
    return null;
  }

  private static String decodeUnchecked(String raw) {
    try {
      return strictUtf8(raw);
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("checked before decoding", e);
    }
  }

  private static String strictUtf8(String raw) throws CharacterCodingException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%') {
        bytes.write(
            Character.digit(raw.charAt(i + 1), 16) << 4 | Character.digit(raw.charAt(i + 2), 16));
        i += 2;
      } else {
        bytes.write(c == '+' ? ' ' : c);
      }
    }
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes.toByteArray()))
        .toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}

package dev.anteroom.common;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Validation of caller input with messages that name the field. Each method returns the value it
 * accepted (trimmed or defaulted), so a caller reads as a list of rules.
 */
public final class Checks {

  private Checks() {}

  public static String requiredText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, field + " is required");
    }
    return optionalText(field, value, maxLength);
  }

  public static String optionalText(String field, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    // strip() also removes U+001C to U+001F, which are control characters, not spacing.
    if (value.chars().anyMatch(c -> c >= 0x1c && c <= 0x1f)) {
      throw new InvalidInputException(field, field + " must not contain control characters");
    }
    String trimmed = value.strip();
    if (trimmed.length() > maxLength) {
      throw new InvalidInputException(
          field, field + " must be at most " + maxLength + " characters long");
    }
    requirePlainText(field, trimmed);
    return trimmed.isEmpty() ? null : trimmed;
  }

  /**
   * Like {@link #optionalText}, but keeps line breaks: a CR LF or a lone CR becomes a LF, and no
   * other control character is allowed.
   */
  public static String optionalMultilineText(String field, String value, int maxLength) {
    if (value == null) {
      return null;
    }
    String[] lines = value.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
    for (String line : lines) {
      requirePlainText(field, line);
    }
    String text = String.join("\n", lines).strip();
    if (text.length() > maxLength) {
      throw new InvalidInputException(
          field, field + " must be at most " + maxLength + " characters long");
    }
    return text.isEmpty() ? null : text;
  }

  /**
   * Text that every store keeps as sent: no control characters (PostgreSQL refuses a NUL in text)
   * and no half of a surrogate pair (it cannot be written as UTF-8).
   */
  public static String requirePlainText(String field, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new InvalidInputException(field, field + " must not contain control characters");
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
        } else {
          throw new InvalidInputException(
              field, field + " must be valid Unicode text (it holds half of a surrogate pair)");
        }
      }
    }
    return value;
  }

  public static int intInRange(String field, Integer value, int min, int max, int fallback) {
    return value == null ? fallback : optionalIntInRange(field, value, min, max);
  }

  public static Integer optionalIntInRange(String field, Integer value, int min, int max) {
    if (value != null && (value < min || value > max)) {
      throw new InvalidInputException(
          field, field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /** An absolute http or https URL, or null. */
  public static String optionalHttpUrl(String field, String value) {
    String text = optionalText(field, value, 2000);
    if (text == null) {
      return null;
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new InvalidInputException(field, field + " must be an absolute http(s) URL");
      }
      return text;
    } catch (URISyntaxException e) {
      throw new InvalidInputException(field, field + " is not a valid URL: " + e.getReason());
    }
  }
}

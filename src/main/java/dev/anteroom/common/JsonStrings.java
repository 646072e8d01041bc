package dev.anteroom.common;

/**
 * JSON string literals for the places that write JSON by hand (problems, callbacks, lean paths).
 */
public final class JsonStrings {

  private JsonStrings() {}

  /**
   * Appends {@code text} as a JSON string literal (or {@code null}): control characters, U+2028/9
   * and lone surrogates escaped, so the output is valid JSON and valid UTF-8 whatever the input.
   */
  public static void quote(StringBuilder out, String text) {
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c)
                && i + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(i + 1))) {
              out.append(c).append(text.charAt(++i));
            } else {
              out.append(String.format("\\u%04x", (int) c));
            }
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** {@code text} as a JSON string literal, or {@code null}. */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2);
    quote(out, text);
    return out.toString();
  }
}

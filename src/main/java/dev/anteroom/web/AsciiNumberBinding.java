package dev.anteroom.web;

import java.beans.PropertyEditorSupport;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in paths and query strings (ids, pages, sizes) are read strictly: an optional minus
 * and ASCII digits. Spring's default reading trims every space and takes hexadecimal ({@code 0x1F},
 * {@code #1F}), and {@link Long#parseLong} takes any Unicode digit (full-width {@code １２３} is 123),
 * so one resource would answer to many spellings. These are property editors rather than converters
 * because Spring falls back to its lenient editors when a converter refuses a value.
 */
@ControllerAdvice
class AsciiNumberBinding {

  @InitBinder
  void asciiNumbers(WebDataBinder binder) {
    binder.registerCustomEditor(long.class, new AsciiNumber(true, false));
    binder.registerCustomEditor(Long.class, new AsciiNumber(true, true));
    binder.registerCustomEditor(int.class, new AsciiNumber(false, false));
    binder.registerCustomEditor(Integer.class, new AsciiNumber(false, true));
  }

  /**
   * One number type; a failure is an {@link IllegalArgumentException}, which Spring makes a 400.
   */
  static final class AsciiNumber extends PropertyEditorSupport {
    private final boolean wide;
    private final boolean nullable;

    AsciiNumber(boolean wide, boolean nullable) {
      this.wide = wide;
      this.nullable = nullable;
    }

    @Override
    public void setAsText(String text) {
      if ((text == null || text.isEmpty()) && nullable) {
        setValue(null);
        return;
      }
      requireAsciiDigits(text);
      setValue(wide ? Long.valueOf(Long.parseLong(text)) : Integer.valueOf(Integer.parseInt(text)));
    }

    static void requireAsciiDigits(String text) {
      int start = text != null && text.startsWith("-") ? 1 : 0;
      if (text == null || start == text.length()) {
        throw new NumberFormatException("no digits");
      }
      for (int i = start; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < '0' || c > '9') {
          throw new NumberFormatException("not an ASCII digit at index " + i);
        }
      }
    }
  }
}

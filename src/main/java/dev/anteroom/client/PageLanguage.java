package dev.anteroom.client;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The language a hosted page is written in, and its direction.
 *
 * @param code a language there are strings for ({@code en}, {@code ar}, ...)
 * @param rightToLeft whether the language is written right to left
 */
public record PageLanguage(String code, boolean rightToLeft) {

  private static final Set<String> RIGHT_TO_LEFT = Set.of("ar", "fa", "he", "ur");
  // Longer than any real browser's Accept-Language; a longer one is ignored, not parsed.
  private static final int MAX_ACCEPT_LANGUAGE = 1000;

  public static PageLanguage of(String code) {
    return new PageLanguage(code, RIGHT_TO_LEFT.contains(code));
  }

  /** {@code rtl} or {@code ltr}, as HTML's {@code dir} takes it. */
  public String dir() {
    return rightToLeft ? "rtl" : "ltr";
  }

  /**
   * The language a visitor reads: {@code wanted} if there are strings for it, else the first
   * language of the browser's {@code Accept-Language} there are strings for (by weight), else
   * English. The client chooses the same way from {@code navigator.languages}.
   *
   * @param wanted the page's {@code lang} parameter, or null
   * @param acceptLanguage the request's header, or null
   */
  public static PageLanguage choose(String wanted, String acceptLanguage, Set<String> available) {
    if (wanted != null && available.contains(wanted)) {
      return of(wanted);
    }
    for (String code : browserLanguages(acceptLanguage)) {
      if (available.contains(code)) {
        return of(code);
      }
    }
    return of("en");
  }

  private static List<String> browserLanguages(String acceptLanguage) {
    if (acceptLanguage == null
        || acceptLanguage.isBlank()
        || acceptLanguage.length() > MAX_ACCEPT_LANGUAGE) {
      return List.of();
    }
    try {
      return Locale.LanguageRange.parse(acceptLanguage).stream()
          .filter(range -> range.getWeight() > 0)
          .map(range -> range.getRange().split("-")[0].toLowerCase(Locale.ROOT))
          .toList();
    } catch (IllegalArgumentException e) {
      return List.of();
    }
  }
}

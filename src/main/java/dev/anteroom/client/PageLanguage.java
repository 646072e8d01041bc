package dev.anteroom.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The language a hosted page is written in, and its direction.
 *
 * @param code a language there are strings for ({@code en}, {@code ar}, ...)
 * @param rightToLeft whether the language is written right to left
 */
public record PageLanguage(String code, boolean rightToLeft) {

  /** The key of a language file that says which way the language is written. */
  public static final String DIR_KEY = "dir";

  // Longer than any real browser's Accept-Language; a longer one is ignored, not parsed.
  private static final int MAX_ACCEPT_LANGUAGE = 1000;

  /**
   * A language as its file describes it: right to left when its {@value #DIR_KEY} string is {@code
   * rtl}, so the page and the script read the direction from the one place.
   */
  public static PageLanguage of(String code, Map<String, String> strings) {
    return new PageLanguage(code, "rtl".equals(strings.get(DIR_KEY)));
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
   * @param available the languages there are strings for, by code (English among them)
   */
  public static PageLanguage choose(
      String wanted, String acceptLanguage, Map<String, PageLanguage> available) {
    if (wanted != null && available.containsKey(wanted)) {
      return available.get(wanted);
    }
    for (String code : browserLanguages(acceptLanguage)) {
      if (available.containsKey(code)) {
        return available.get(code);
      }
    }
    return available.getOrDefault("en", new PageLanguage("en", false));
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

package dev.anteroom.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PageLanguageTest {

  private static final Map<String, PageLanguage> AVAILABLE =
      Map.of("en", new PageLanguage("en", false), "ar", new PageLanguage("ar", true));

  @Test
  void the_lang_parameter_wins_when_there_are_strings_for_it() {
    assertThat(PageLanguage.choose("ar", "en-US,en;q=0.9", AVAILABLE))
        .isEqualTo(new PageLanguage("ar", true));
    assertThat(PageLanguage.choose("fr", "ar-EG,ar;q=0.9", AVAILABLE).code()).isEqualTo("ar");
  }

  @Test
  void else_the_browsers_languages_by_weight_else_english() {
    assertThat(PageLanguage.choose(null, "fr-CH, fr;q=0.9, ar;q=0.8, en;q=0.7", AVAILABLE).code())
        .isEqualTo("ar");
    assertThat(PageLanguage.choose(null, "en;q=0.2, ar-SA;q=0.5", AVAILABLE).code())
        .isEqualTo("ar");
    assertThat(PageLanguage.choose(null, "ar;q=0, de", AVAILABLE).code()).isEqualTo("en");
    assertThat(PageLanguage.choose(null, null, AVAILABLE).code()).isEqualTo("en");
  }

  @Test
  void a_malformed_or_huge_header_is_ignored() {
    assertThat(PageLanguage.choose(null, "ar;q=nonsense", AVAILABLE).code()).isEqualTo("en");
    assertThat(PageLanguage.choose(null, "de, ".repeat(400) + "ar", AVAILABLE).code())
        .isEqualTo("en");
  }

  @Test
  void the_direction_comes_from_the_language_file() {
    assertThat(PageLanguage.of("he", Map.of("dir", "rtl")).dir()).isEqualTo("rtl");
    assertThat(PageLanguage.of("en", Map.of("dir", "ltr")).dir()).isEqualTo("ltr");
    assertThat(PageLanguage.of("xx", Map.of()).dir()).isEqualTo("ltr");
  }
}

package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Every language file of the client has every key of English, with the same placeholders. */
class ClientLanguagesTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
  private final Map<String, Map<String, String>> languages =
      ClientAssets.languages(JsonMapper.builder().build());

  @Test
  void english_and_arabic_are_there() {
    assertThat(languages).containsKeys("en", "ar");
  }

  @Test
  void every_language_has_every_key_and_no_other() {
    Map<String, String> english = languages.get("en");
    languages.forEach(
        (code, strings) ->
            assertThat(new TreeSet<>(strings.keySet()))
                .as("keys of client/lang/%s.json", code)
                .isEqualTo(new TreeSet<>(english.keySet())));
  }

  @Test
  void every_translation_keeps_the_placeholders_and_says_something() {
    languages.forEach(
        (code, strings) ->
            strings.forEach(
                (key, text) -> {
                  assertThat(text).as("%s.%s", code, key).isNotBlank();
                  assertThat(placeholders(text))
                      .as("placeholders of %s.%s", code, key)
                      .isEqualTo(placeholders(languages.get("en").get(key)));
                }));
  }

  @Test
  void every_key_the_script_uses_is_in_english() {
    String script = new ClientAssetsProbe().scriptText();
    TreeSet<String> keys = matches(Pattern.compile("(?:text|show|button)\\(\"(\\w+)\""), script);
    Matcher said = Pattern.compile("var SAID = \\{([^}]*)}").matcher(script);
    assertThat(said.find()).as("the strings said on a change of state").isTrue();
    TreeSet<String> stateKeys = matches(Pattern.compile(":\\s*\"(\\w+)\""), said.group(1));
    assertThat(stateKeys).contains("paused", "cancelled", "released");
    keys.addAll(stateKeys);
    assertThat(keys).contains("title", "leave", "rejoin", "released", "config_error");
    assertThat(languages.get("en").keySet()).containsAll(keys);
  }

  @Test
  void every_key_the_hosted_page_uses_is_in_english() throws Exception {
    TreeSet<String> keys = new TreeSet<>();
    for (String source :
        new String[] {
          "src/main/java/dev/anteroom/client/WaitingPage.java",
          "src/main/java/dev/anteroom/client/web/WaitingPageController.java"
        }) {
      keys.addAll(
          matches(
              Pattern.compile("\"(" + ClientAssets.PAGE_PREFIX + "\\w+)\""),
              Files.readString(Path.of(source))));
    }
    assertThat(keys).contains("page_noscript", "page_error_title", "page_not_found");
    assertThat(languages.get("en").keySet()).containsAll(keys);
  }

  @Test
  void every_language_says_which_way_it_is_written() {
    languages.forEach(
        (code, strings) -> assertThat(strings.get("dir")).as("dir of %s", code).isIn("ltr", "rtl"));
    assertThat(languages.get("ar").get("dir")).isEqualTo("rtl");
    assertThat(languages.get("en").get("dir")).isEqualTo("ltr");
  }

  private static TreeSet<String> matches(Pattern pattern, String text) {
    TreeSet<String> found = new TreeSet<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1));
    }
    return found;
  }

  private static TreeSet<String> placeholders(String text) {
    TreeSet<String> names = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** The raw template, read like the application reads it. */
  private static final class ClientAssetsProbe {
    String scriptText() {
      try (var in = ClientLanguagesTest.class.getResourceAsStream("/client/queue.js")) {
        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}

package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

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
    Matcher used = Pattern.compile("text\\(\"(\\w+)\"").matcher(script);
    TreeSet<String> keys = new TreeSet<>();
    while (used.find()) {
      keys.add(used.group(1));
    }
    assertThat(keys).isNotEmpty();
    assertThat(languages.get("en").keySet()).containsAll(keys);
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

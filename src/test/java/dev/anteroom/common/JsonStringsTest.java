package dev.anteroom.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonStringsTest {

  private final JsonMapper json = JsonMapper.builder().build();

  @Test
  void every_string_comes_back_from_a_json_parser_as_it_went_in() {
    String[] samples = {
      "plain",
      "quote \" and \\ backslash",
      "tab\tline\nfeed\rreturn",
      "\u0000\u001f",
      "line\u2028separator\u2029",
      "emoji \uD83D\uDE00 pair",
      "caf\u00e9 \u4e2d\u6587"
    };
    for (String sample : samples) {
      String literal = JsonStrings.quote(sample);
      assertThat(json.readValue(literal, String.class)).as(literal).isEqualTo(sample);
      assertThat(literal).doesNotContain("\u2028", "\n", "\u0000");
    }
  }

  @Test
  void a_lone_surrogate_is_escaped_so_the_output_stays_valid_utf8() {
    String literal = JsonStrings.quote("bad \uD83D end");
    assertThat(literal).isEqualTo("\"bad \\ud83d end\"");
    byte[] utf8 = literal.getBytes(StandardCharsets.UTF_8);
    assertThat(new String(utf8, StandardCharsets.UTF_8)).isEqualTo(literal);
  }

  @Test
  void null_is_the_json_null() {
    assertThat(JsonStrings.quote(null)).isEqualTo("null");
  }
}

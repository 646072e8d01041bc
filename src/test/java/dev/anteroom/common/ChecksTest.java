package dev.anteroom.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChecksTest {

  @Test
  void surrounding_spaces_are_trimmed() {
    assertThat(Checks.optionalText("name", "  shop \t\n", 10)).isEqualTo("shop");
    assertThat(Checks.optionalText("name", "   ", 10)).isNull();
  }

  @Test
  void control_characters_are_refused_wherever_they_are() {
    // U+001C..U+001F count as whitespace for String.strip(), which used to drop them silently.
    for (String text :
        List.of("a\u0000b", "\u0000", "x\u001f", "\u001cx", "a\u0007", "a\u007f", "a\u0085b")) {
      assertThatThrownBy(() -> Checks.optionalText("name", text, 200))
          .as(text)
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("name must not contain control characters");
    }
  }

  @Test
  void half_a_surrogate_pair_is_refused_and_a_whole_one_kept() {
    for (String text : List.of("\ud800", "a\udc00", "\ud83d!", "x\ude00\ud83d")) {
      assertThatThrownBy(() -> Checks.optionalText("name", text, 200))
          .as(text)
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("valid Unicode");
    }
    assertThat(Checks.optionalText("name", "drop \ud83d\ude00", 200)).isEqualTo("drop 😀");
  }

  @Test
  void multiline_text_keeps_its_line_breaks_as_line_feeds_and_refuses_other_controls() {
    assertThat(
            Checks.optionalMultilineText(
                "message", " Doors open at 9.\r\nBe kind.\rThanks \n", 100))
        .isEqualTo("Doors open at 9.\nBe kind.\nThanks");
    assertThat(Checks.optionalMultilineText("message", " \r\n ", 100)).isNull();
    for (String text : List.of("a\tb", "\tindented", "a\u0000", "a\u000bb", "x\u001f")) {
      assertThatThrownBy(() -> Checks.optionalMultilineText("message", text, 100))
          .as(text)
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("message must not contain control characters");
    }
    assertThatThrownBy(() -> Checks.optionalMultilineText("message", "a\n".repeat(6), 10))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("message must be at most 10 characters long");
  }
}

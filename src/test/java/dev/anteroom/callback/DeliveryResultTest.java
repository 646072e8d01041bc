package dev.anteroom.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.callback.DeliveryResult.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryResultTest {

  @ParameterizedTest
  @CsvSource({
    "200, SUCCESS",
    "204, SUCCESS",
    "299, SUCCESS",
    "301, FAIL",
    "302, FAIL",
    "307, FAIL",
    "400, FAIL",
    "401, FAIL",
    "404, FAIL",
    "410, FAIL",
    "422, FAIL",
    "408, RETRY",
    "429, RETRY",
    "500, RETRY",
    "502, RETRY",
    "503, RETRY",
    "504, RETRY"
  })
  void statuses_are_classified(int status, Verdict verdict) {
    assertThat(DeliveryResult.answered(status, null, null, Duration.ZERO).verdict())
        .isEqualTo(verdict);
  }

  @Test
  void no_answer_is_retried_but_a_refused_or_missing_target_is_not() {
    assertThat(DeliveryResult.failed(ErrorKinds.TIMEOUT, null, null).verdict())
        .isEqualTo(Verdict.RETRY);
    assertThat(DeliveryResult.failed(ErrorKinds.CONNECTION_FAILED, null, null).verdict())
        .isEqualTo(Verdict.RETRY);
    assertThat(DeliveryResult.failed(ErrorKinds.DNS_FAILED, null, null).verdict())
        .isEqualTo(Verdict.RETRY);
    for (String kind :
        new String[] {
          ErrorKinds.REFUSED_ADDRESS,
          ErrorKinds.NO_TARGET,
          ErrorKinds.NO_WEBHOOK_SECRET,
          ErrorKinds.QUEUE_GONE,
          ErrorKinds.INVALID_URL
        }) {
      assertThat(DeliveryResult.failed(kind, null, null).verdict())
          .as(kind)
          .isEqualTo(Verdict.FAIL);
    }
  }

  @Test
  void the_snippet_is_at_most_one_kib_of_utf8_cut_at_a_character_without_control_characters() {
    String text = "é".repeat(400) + "\u0000\u001b[31m" + "€".repeat(400);
    String snippet = DeliveryResult.answered(500, null, text, Duration.ZERO).snippet();

    assertThat(snippet.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
    assertThat(snippet).doesNotContain("\u0000").doesNotContain("\u001b");
    assertThat(snippet.chars()).noneMatch(Character::isISOControl);
    assertThat(snippet).startsWith("é".repeat(400)).endsWith("€");
    assertThat(DeliveryResult.snippet("a\uD800b")).isEqualTo("a\uFFFDb");
    assertThat(DeliveryResult.snippet("")).isNull();
  }
}

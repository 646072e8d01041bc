package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.InvalidInputException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApplicationFieldsTest {

  @Test
  void origins_are_normalized_as_browsers_send_them_and_deduplicated() {
    ApplicationFields fields =
        new ApplicationFields(
            "  shop  ",
            null,
            null,
            List.of(
                "HTTPS://Shop.Example",
                "https://shop.example:443",
                "https://shop.example/",
                "http://Shop.Example:80",
                "http://localhost:3000",
                "https://[::1]:443",
                "*"),
            null);

    assertThat(fields.name()).isEqualTo("shop");
    assertThat(fields.allowedOrigins())
        .containsExactly(
            "https://shop.example",
            "http://shop.example",
            "http://localhost:3000",
            "https://[::1]",
            "*");
  }

  @Test
  void an_origin_with_a_path_query_or_credentials_is_refused() {
    for (String origin :
        List.of(
            "https://a.example/x",
            "https://a.example?x",
            "https://a.example/?x",
            "https://a.example#x",
            "https://u@a.example",
            "a.example",
            "ftp://a.example")) {
      assertThatThrownBy(() -> new ApplicationFields("n", null, null, List.of(origin), null))
          .isInstanceOf(InvalidInputException.class)
          .extracting(e -> ((InvalidInputException) e).field())
          .isEqualTo("allowed_origins");
    }
  }

  @Test
  void too_many_origins_and_control_characters_are_refused() {
    assertThatThrownBy(
            () ->
                new ApplicationFields(
                    "n", null, null, Collections.nCopies(51, "https://a.example"), null))
        .hasMessageContaining("at most 50");
    assertThatThrownBy(() -> new ApplicationFields("a\u0000b", null, null, null, null))
        .hasMessageContaining("control characters");
  }
}

package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.VisitorStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class StatusJsonTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void the_bytes_are_utf8_json_that_a_parser_reads_back_field_for_field() {
    VisitorStatus status =
        new VisitorStatus(
            42,
            VisitorState.RELEASED,
            null,
            0L,
            3,
            "eyJ.pass.sig",
            Instant.parse("2026-06-01T10:15:00Z"),
            "https://shop.example/caf\u00e9?q=\"\u0645\u0631\u062d\u0628\u0627\"\n",
            null,
            null);

    byte[] bytes = StatusJson.write(status);
    JsonNode read = JSON.readTree(bytes);

    assertThat(read.get("status").asString()).isEqualTo("released");
    assertThat(read.get("position").isNull()).isTrue();
    assertThat(read.get("eta_seconds").asLong()).isZero();
    assertThat(read.get("poll_after_seconds").asInt()).isEqualTo(3);
    assertThat(read.get("queue_id").asLong()).isEqualTo(42);
    assertThat(read.get("redirect_url").asString()).isEqualTo(status.redirectUrl());
    assertThat(read.get("access_token").asString()).isEqualTo("eyJ.pass.sig");
    assertThat(read.get("access_expires_at").asString()).isEqualTo("2026-06-01T10:15:00Z");
    assertThat(StatusJson.text(status)).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
    assertThat(read.has("opens_at")).isFalse();
    assertThat(read.has("opens_in_seconds")).isFalse();
  }

  @Test
  void a_queue_not_open_yet_tells_its_opening_and_the_seconds_to_it() {
    VisitorStatus early =
        new VisitorStatus(
            7,
            VisitorState.WAITING,
            null,
            700L,
            30,
            null,
            null,
            null,
            Instant.parse("2026-06-01T10:15:00Z"),
            600L);

    JsonNode read = JSON.readTree(StatusJson.write(early));

    assertThat(read.get("opens_at").asString()).isEqualTo("2026-06-01T10:15:00Z");
    assertThat(read.get("opens_in_seconds").asLong()).isEqualTo(600);
    assertThat(read.get("redirect_url").isNull()).isTrue();
  }
}

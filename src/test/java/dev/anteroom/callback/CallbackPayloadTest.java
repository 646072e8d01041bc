package dev.anteroom.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.waiting.store.VisitorEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class CallbackPayloadTest {

  private final JsonMapper json = JsonMapper.builder().build();

  private static OutboxRow row(VisitorEvent event, String visitorKey) {
    Instant joined = Instant.parse("2026-03-01T10:00:00Z");
    Instant released = Instant.parse("2026-03-01T10:02:05.250Z");
    return new OutboxRow(
        new EventKey(42, 7, event),
        9,
        released,
        0,
        null,
        visitorKey,
        joined,
        released,
        Instant.parse("2026-03-01T10:17:05Z"),
        13);
  }

  @Test
  void a_release_carries_every_field_in_snake_case_with_the_pass() {
    byte[] body =
        CallbackPayload.of(9, row(VisitorEvent.RELEASED, "user \"7\"\n"), "qtoken", "pass.jwt");
    JsonNode root = json.readTree(new String(body, StandardCharsets.UTF_8));

    assertThat(root.get("type").asString()).isEqualTo("visitor.released");
    assertThat(root.get("timestamp").asString()).isEqualTo("2026-03-01T10:02:05.250Z");
    JsonNode data = root.get("data");
    assertThat(data.propertyNames())
        .containsExactly(
            "application_id",
            "queue_id",
            "visitor_id",
            "token",
            "access_token",
            "access_expires_at",
            "position_at_join",
            "waited_seconds");
    assertThat(data.get("application_id").asLong()).isEqualTo(9);
    assertThat(data.get("queue_id").asLong()).isEqualTo(42);
    assertThat(data.get("visitor_id").asString()).isEqualTo("user \"7\"\n");
    assertThat(data.get("token").asString()).isEqualTo("qtoken");
    assertThat(data.get("access_token").asString()).isEqualTo("pass.jwt");
    assertThat(data.get("access_expires_at").asString()).isEqualTo("2026-03-01T10:17:05Z");
    assertThat(data.get("position_at_join").asInt()).isEqualTo(13);
    assertThat(data.get("waited_seconds").asLong()).isEqualTo(125);
  }

  @Test
  void other_events_carry_no_pass_and_a_missing_visitor_id_is_null() {
    byte[] body = CallbackPayload.of(9, row(VisitorEvent.CANCELLED, null), "qtoken", null);
    JsonNode root = json.readTree(new String(body, StandardCharsets.UTF_8));

    assertThat(root.get("type").asString()).isEqualTo("visitor.cancelled");
    assertThat(root.get("data").has("access_token")).isFalse();
    assertThat(root.get("data").has("access_expires_at")).isFalse();
    assertThat(root.get("data").get("visitor_id").isNull()).isTrue();
  }
}

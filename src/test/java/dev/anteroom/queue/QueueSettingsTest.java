package dev.anteroom.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.InvalidInputException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueSettingsTest {

  @Test
  void unset_values_take_the_documented_defaults() {
    QueueSettings settings =
        QueueSettings.of(
            "q", null, null, null, null, null, null, null, null, null, null, null, null);

    assertThat(settings.releaseRatePerMinute()).isEqualTo(60);
    assertThat(settings.priority()).isEqualTo(5);
    assertThat(settings.accessTtlSeconds()).isEqualTo(900);
    assertThat(settings.idleTimeoutSeconds()).isEqualTo(120);
    assertThat(settings.queueMethod()).isEqualTo(QueueMethod.FIFO);
    assertThat(settings.maxActiveUsers()).isNull();
    assertThat(settings.simulation()).isFalse();
  }

  @Test
  void each_range_names_its_field() {
    assertField("release_rate_per_minute", () -> settings(0, 5, 900));
    assertField("release_rate_per_minute", () -> settings(1_000_001, 5, 900));
    assertField("priority", () -> settings(60, 11, 900));
    assertField("access_ttl_seconds", () -> settings(60, 5, 86_401));
  }

  @Test
  void a_queue_shows_its_state_at_a_time() {
    Instant opens = Instant.parse("2026-06-01T10:00:00Z");
    Queue queue =
        new Queue(
            1,
            1,
            QueueSettings.of(
                "q",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                opens,
                opens.plusSeconds(3600),
                null,
                null,
                null),
            false,
            null,
            opens,
            opens,
            0);

    assertThat(queue.stateAt(opens.minusSeconds(1))).isEqualTo(Queue.State.SCHEDULED);
    assertThat(queue.stateAt(opens)).isEqualTo(Queue.State.OPEN);
    assertThat(queue.stateAt(opens.plusSeconds(3600))).isEqualTo(Queue.State.CLOSED);
  }

  private static QueueSettings settings(int rate, int priority, int ttl) {
    return QueueSettings.of(
        "q", rate, null, priority, ttl, null, null, null, null, null, null, null, null);
  }

  private static void assertField(String field, Runnable construction) {
    assertThatThrownBy(construction::run)
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(field)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo(field);
  }
}

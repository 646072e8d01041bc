package dev.anteroom.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertRulesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void a_queue_alerts_only_above_its_threshold_and_never_when_its_alert_is_off() {
    QueueLengths lengths =
        () ->
            List.of(
                new QueueLengths.QueueLength(1, "a", 10, "at", 100, 100),
                new QueueLengths.QueueLength(1, "a", 11, "above", 101, 100),
                new QueueLengths.QueueLength(1, "a", 12, "off", 5000, null));

    assertThat(new QueueLengthRule(lengths).check(NOW))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.key()).isEqualTo(AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, 11));
              assertThat(c.queueId()).isEqualTo(11L);
              assertThat(c.applicationId()).isEqualTo(1L);
            });
  }

  @Test
  void callbacks_alert_on_the_failure_count_or_on_the_ratio_with_enough_outcomes() {
    CallbackOutcomes outcomes =
        (window, now) ->
            List.of(
                new CallbackOutcomes.Tally(1, 1000, 5),
                new CallbackOutcomes.Tally(2, 4, 4),
                new CallbackOutcomes.Tally(3, 1, 3),
                new CallbackOutcomes.Tally(4, 6, 4),
                new CallbackOutcomes.Tally(5, 0, 0));

    List<Condition> found =
        new CallbackFailureRule(outcomes, Duration.ofMinutes(5), 5, 0.5, 10).check(NOW);

    assertThat(found)
        .extracting(Condition::applicationId)
        .as("1: five failures; 2, 3, 4: too few outcomes or not above half")
        .containsExactly(1L);
    assertThat(
            new CallbackFailureRule(
                    (w, n) -> List.of(new CallbackOutcomes.Tally(6, 4, 6)),
                    Duration.ofMinutes(5),
                    100,
                    0.5,
                    10)
                .check(NOW))
        .as("6 of 10 failed: above half with ten outcomes")
        .extracting(Condition::applicationId)
        .containsExactly(6L);
  }

  @Test
  void callbacks_are_not_judged_until_the_counting_covers_a_whole_window() {
    CallbackOutcomes none = (window, now) -> List.of();
    CallbackFailureRule justStarted =
        new CallbackFailureRule(
            none, Duration.ofMinutes(5), 5, 0.5, 10, NOW.minus(Duration.ofMinutes(2)));

    // An empty tally two minutes after a start says nothing about failures before it: the rule
    // does not answer, so a firing alert is not resolved by the restart.
    assertThatThrownBy(() -> justStarted.check(NOW)).hasMessageContaining("5-minute window");
    assertThat(justStarted.check(NOW.plus(Duration.ofMinutes(3)))).isEmpty();
  }

  @Test
  void the_disk_alerts_below_either_the_share_or_the_bytes() {
    long gib = 1L << 30;
    assertThat(rule(20 * gib, 100 * gib).check(NOW)).isEmpty();
    assertThat(rule(4 * gib, 100 * gib).check(NOW)).as("4% < 5%").hasSize(1);
    assertThat(rule(gib / 2, 5 * gib).check(NOW)).as("10% but under 1 GiB").hasSize(1);
  }

  private static DiskSpaceRule rule(long usable, long total) {
    return new DiskSpaceRule(
        () -> new DiskSpaceRule.DiskSpace.Usage(usable, total), "./data", 5, 1L << 30);
  }

  @Test
  void the_release_engine_alerts_only_past_its_bound() {
    assertThat(new ReleaseLagRule(now -> Duration.ofSeconds(30), Duration.ofSeconds(30)).check(NOW))
        .isEmpty();
    assertThat(new ReleaseLagRule(now -> Duration.ofSeconds(31), Duration.ofSeconds(30)).check(NOW))
        .singleElement()
        .satisfies(c -> assertThat(c.applicationId()).isNull());
  }

  @Test
  void the_database_alerts_while_it_does_not_answer() {
    assertThat(new DatabaseRule(() -> true).check(NOW)).isEmpty();
    assertThat(new DatabaseRule(() -> false).check(NOW))
        .singleElement()
        .satisfies(c -> assertThat(c.key().kind()).isEqualTo(AlertKind.DATABASE_UNREACHABLE));
  }

  @Test
  void a_kind_named_by_a_client_is_parsed_or_refused_naming_the_field() {
    assertThat(AlertKind.parse("kind", "disk_space")).isEqualTo(AlertKind.DISK_SPACE);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> AlertKind.parse("kind", "DISK_SPACE"))
        .isInstanceOf(dev.anteroom.common.InvalidInputException.class)
        .hasMessageContaining("queue_length, callback_failures");
  }
}

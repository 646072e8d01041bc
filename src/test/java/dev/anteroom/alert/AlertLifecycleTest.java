package dev.anteroom.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration COOLDOWN = Duration.ofMinutes(15);
  private static final Set<AlertKind> ALL = EnumSet.allOf(AlertKind.class);

  private final AtomicLong ids = new AtomicLong(100);
  private final AlertLifecycle lifecycle = new AlertLifecycle(COOLDOWN, ids::incrementAndGet);

  static Condition longQueue(long queue, int waiting) {
    return new Condition(
        AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, queue),
        7L,
        queue,
        "queue " + queue + ": " + waiting);
  }

  private Alert started(Condition condition) {
    var decision = lifecycle.decide(List.of(), List.of(condition), ALL, T0);
    return decision.notices().getFirst().alert();
  }

  @Test
  void a_new_condition_starts_a_firing_alert_with_one_message() {
    var decision = lifecycle.decide(List.of(), List.of(longQueue(1, 150)), ALL, T0);

    assertThat(decision.notices()).hasSize(1);
    AlertNotice notice = decision.notices().getFirst();
    assertThat(notice.event()).isEqualTo(AlertNotice.Event.STARTED);
    assertThat(notice.alert().state()).isEqualTo(Alert.State.FIRING);
    assertThat(notice.alert().startedAt()).isEqualTo(T0);
    assertThat(notice.alert().notifications()).isEqualTo(1);
    assertThat(notice.alert().queueId()).isEqualTo(1L);
  }

  @Test
  void a_lasting_condition_repeats_only_once_the_cooldown_has_passed() {
    Alert alert = started(longQueue(1, 150));

    var early =
        lifecycle.decide(
            List.of(alert), List.of(longQueue(1, 150)), ALL, T0.plus(COOLDOWN).minusSeconds(1));
    assertThat(early.notices()).isEmpty();
    assertThat(early.quiet()).isEmpty();

    var due = lifecycle.decide(List.of(alert), List.of(longQueue(1, 180)), ALL, T0.plus(COOLDOWN));
    assertThat(due.notices())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.event()).isEqualTo(AlertNotice.Event.REPEATED);
              assertThat(n.alert().id()).isEqualTo(alert.id());
              assertThat(n.alert().lastNotifiedAt()).isEqualTo(T0.plus(COOLDOWN));
              assertThat(n.alert().notifications()).isEqualTo(2);
              assertThat(n.alert().summary()).isEqualTo("queue 1: 180");
            });
  }

  @Test
  void a_changed_reading_within_the_cooldown_updates_the_summary_without_a_message() {
    Alert alert = started(longQueue(1, 150));

    var decision =
        lifecycle.decide(List.of(alert), List.of(longQueue(1, 400)), ALL, T0.plusSeconds(20));

    assertThat(decision.notices()).isEmpty();
    assertThat(decision.quiet())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.summary()).isEqualTo("queue 1: 400");
              assertThat(a.notifications()).isEqualTo(1);
            });
  }

  @Test
  void an_ended_condition_resolves_its_alert_with_one_message() {
    Alert alert = started(longQueue(1, 150));

    var decision = lifecycle.decide(List.of(alert), List.of(), ALL, T0.plusSeconds(90));

    assertThat(decision.notices())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.event()).isEqualTo(AlertNotice.Event.RESOLVED);
              assertThat(n.alert().state()).isEqualTo(Alert.State.RESOLVED);
              assertThat(n.alert().resolvedAt()).isEqualTo(T0.plusSeconds(90));
              assertThat(n.alert().notifications()).isEqualTo(2);
            });
  }

  @Test
  void a_kind_whose_rule_could_not_be_read_is_left_as_it_is() {
    Alert alert = started(longQueue(1, 150));

    var decision =
        lifecycle.decide(
            List.of(alert),
            List.of(),
            EnumSet.complementOf(EnumSet.of(AlertKind.QUEUE_LENGTH)),
            T0.plus(Duration.ofHours(1)));

    assertThat(decision.notices()).isEmpty();
    assertThat(decision.changed()).isEmpty();
  }

  @Test
  void each_key_fires_on_its_own_and_a_returning_condition_is_a_new_alert() {
    Alert first = started(longQueue(1, 150));
    Alert resolved =
        lifecycle
            .decide(List.of(first), List.of(), ALL, T0.plusSeconds(30))
            .notices()
            .getFirst()
            .alert();

    var again =
        lifecycle.decide(
            List.of(), List.of(longQueue(1, 150), longQueue(2, 300)), ALL, T0.plusSeconds(60));

    assertThat(again.notices()).hasSize(2).allMatch(n -> n.event() == AlertNotice.Event.STARTED);
    assertThat(again.notices().getFirst().alert().id()).isNotEqualTo(resolved.id());
  }

  @Test
  void only_a_firing_alert_may_repeat_or_resolve() {
    Alert alert = started(longQueue(1, 150));
    Alert resolved = alert.resolve(T0.plusSeconds(1));

    assertThatThrownBy(() -> resolved.resolve(T0.plusSeconds(2)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot resolve from RESOLVED");
    assertThatThrownBy(() -> resolved.repeat(longQueue(1, 1), T0.plusSeconds(2)))
        .hasMessageContaining("cannot repeat from RESOLVED");
  }

  @Test
  void a_system_condition_has_no_application_and_an_application_one_needs_one() {
    assertThatThrownBy(
            () -> new Condition(AlertKey.ofSystem(AlertKind.DISK_SPACE, "d"), 1L, null, "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Condition(AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, 1), null, 1L, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

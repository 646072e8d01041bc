package dev.anteroom.callback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CallbackOutcomesTest {

  private final MutableClock clock = MutableClock.startingAt("2026-03-01T10:00:00Z");
  private final CallbackOutcomes outcomes = new CallbackOutcomes(clock);

  @Test
  void final_failures_and_successes_are_counted_in_a_sliding_window_per_application_and_queue() {
    outcomes.finished(1, 10, false);
    outcomes.finished(1, 11, false);
    outcomes.finished(1, 11, true);
    outcomes.finished(2, 20, true);
    clock.tick(Duration.ofMinutes(3));
    outcomes.finished(1, 10, false);

    var byApplication = outcomes.recentByApplication(Duration.ofMinutes(5), clock.instant());
    assertThat(byApplication)
        .containsExactly(
            new CallbackOutcomes.Tally(1, null, 1, 3), new CallbackOutcomes.Tally(2, null, 1, 0));
    assertThat(byApplication.get(0).failureRatio()).isEqualTo(0.75);
    assertThat(outcomes.recentByQueue(Duration.ofMinutes(5), clock.instant()))
        .containsExactly(
            new CallbackOutcomes.Tally(1, 10L, 0, 2),
            new CallbackOutcomes.Tally(1, 11L, 1, 1),
            new CallbackOutcomes.Tally(2, 20L, 1, 0));

    clock.tick(Duration.ofMinutes(3));
    assertThat(outcomes.recentByApplication(Duration.ofMinutes(5), clock.instant()))
        .containsExactly(new CallbackOutcomes.Tally(1, null, 0, 1));
    clock.tick(Duration.ofHours(2));
    assertThat(outcomes.recentByApplication(Duration.ofMinutes(5), clock.instant())).isEmpty();
  }
}

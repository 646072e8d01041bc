package dev.anteroom.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DepartureMeterTest {

  private final Instant start = Instant.parse("2026-06-01T10:00:00Z");
  private final DepartureMeter meter = new DepartureMeter();

  /** Steps five times a second for {@code seconds}, one departure every {@code every} seconds. */
  private void steadyLine(int fromSecond, int seconds, int every) {
    for (int ms = fromSecond * 1000; ms < (fromSecond + seconds) * 1000; ms += 200) {
      boolean leaves = ms % (every * 1000) == 0;
      meter.record(start.plusMillis(ms), leaves ? 1 : 0, true);
    }
  }

  @Test
  void no_rate_is_told_before_departures_span_enough_busy_seconds() {
    steadyLine(0, 9, 1);
    assertThat(meter.observed(start.plusSeconds(9))).isNull();
    steadyLine(9, 3, 1);
    assertThat(meter.observed(start.plusSeconds(12)).ratePerSecond()).isCloseTo(1, within(1e-9));
  }

  @Test
  void the_rate_counts_whole_intervals_between_departures_in_busy_seconds_only() {
    steadyLine(0, 61, 20);
    assertThat(meter.observed(start.plusSeconds(61)).ratePerSecond())
        .isCloseTo(1 / 20.0, within(1e-9));
    // A quiet minute with nobody waiting, then the line moves again at the same pace.
    for (int s = 61; s < 121; s++) {
      meter.record(start.plusSeconds(s), 0, false);
    }
    steadyLine(121, 40, 20);
    assertThat(meter.observed(start.plusSeconds(161)).ratePerSecond())
        .isCloseTo(1 / 20.0, within(0.002));
  }

  @Test
  void a_place_that_does_not_move_never_waits_longer_between_departures() {
    steadyLine(0, 120, 30);
    double before = meter.observed(start.plusSeconds(120)).secondsUntil(3, start.plusSeconds(120));
    for (int ms = 120_000; ms < 149_000; ms += 200) {
      meter.record(start.plusMillis(ms), 0, true);
      Instant now = start.plusMillis(ms);
      double wait = meter.observed(now).secondsUntil(3, now);
      assertThat(wait).as("at %d ms", ms).isLessThanOrEqualTo(before);
      before = wait;
    }
    // The last departure was at 90 s: three more at one per 30 s end at 180 s.
    assertThat(before).isCloseTo(180 - 148.8, within(1e-6));
  }

  @Test
  void departures_older_than_the_window_are_forgotten() {
    steadyLine(0, 60, 5);
    assertThat(meter.observed(start.plusSeconds(60 + DepartureMeter.WINDOW))).isNull();
  }
}

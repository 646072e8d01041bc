package dev.anteroom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(Duration.ofSeconds(1), 4, 3, Duration.ofHours(1), new SplittableRandom(7));

  @Test
  void retry_n_waits_between_half_and_all_of_initial_times_multiplier_to_the_n_minus_one() {
    for (int retry = 1; retry <= 3; retry++) {
      long ceiling = 1000L * (long) Math.pow(4, retry - 1);
      for (int i = 0; i < 1000; i++) {
        long wait = backoff.delay(retry, null).toMillis();
        assertThat(wait).isBetween(ceiling / 2, ceiling);
      }
    }
  }

  @Test
  void the_draws_cover_the_range_rather_than_a_fixed_point() {
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < 2000; i++) {
      long wait = backoff.delay(2, null).toMillis();
      min = Math.min(min, wait);
      max = Math.max(max, wait);
    }
    assertThat(min).isLessThan(2200);
    assertThat(max).isGreaterThan(3800);
  }

  @Test
  void waits_grow_even_at_their_luckiest() {
    // The floor of retry n+1 is at least the ceiling of retry n when the multiplier is 2 or more.
    assertThat(backoff.ceiling(2).toMillis() / 2)
        .isGreaterThanOrEqualTo(backoff.ceiling(1).toMillis());
    assertThat(backoff.ceiling(3).toMillis() / 2)
        .isGreaterThanOrEqualTo(backoff.ceiling(2).toMillis());
  }

  @Test
  void the_first_attempt_and_three_retries_then_no_more() {
    assertThat(backoff.mayRetry(1)).isTrue();
    assertThat(backoff.mayRetry(3)).isTrue();
    assertThat(backoff.mayRetry(4)).isFalse();
  }

  @Test
  void a_longer_retry_after_is_honoured_and_capped() {
    assertThat(backoff.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1, Duration.ofDays(3))).isEqualTo(Duration.ofHours(1));
    assertThat(backoff.delay(1, Duration.ofMillis(1)).toMillis()).isBetween(500L, 1000L);
  }

  @Test
  void retry_after_reads_seconds_and_http_dates() {
    Instant now = Instant.parse("2026-03-01T10:00:00Z");
    assertThat(Backoff.parseRetryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
    assertThat(Backoff.parseRetryAfter("Sun, 01 Mar 2026 10:05:00 GMT", now))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(Backoff.parseRetryAfter("Sun, 01 Mar 2026 09:00:00 GMT", now))
        .isEqualTo(Duration.ZERO);
    assertThat(Backoff.parseRetryAfter("soon", now)).isNull();
    assertThat(Backoff.parseRetryAfter(null, now)).isNull();
    assertThat(Backoff.parseRetryAfter("99999999999999", now)).isGreaterThan(Duration.ofDays(1));
  }

  @Test
  void bad_settings_are_refused_with_the_setting_named() {
    assertThatThrownBy(
            () -> new Backoff(Duration.ZERO, 4, 3, Duration.ofHours(1), new SplittableRandom()))
        .hasMessageContaining("initial backoff");
    assertThatThrownBy(
            () ->
                new Backoff(
                    Duration.ofSeconds(1), 0.5, 3, Duration.ofHours(1), new SplittableRandom()))
        .hasMessageContaining("multiplier");
  }
}

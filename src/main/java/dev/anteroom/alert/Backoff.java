package dev.anteroom.alert;

import java.time.Duration;

/**
 * How long a failed alert message waits before its next attempt: {@code initial} after the first
 * failure, then {@code multiplier} times longer after each one, never more than {@code max}; after
 * {@code attempts} attempts in all, it is given up.
 */
public record Backoff(Duration initial, double multiplier, Duration max, int attempts) {

  public Backoff {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial backoff must be positive: " + initial);
    }
    if (multiplier < 1) {
      throw new IllegalArgumentException("the backoff multiplier must be 1 or more: " + multiplier);
    }
    if (max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("the longest backoff must not be below the first");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("at least one attempt is needed: " + attempts);
    }
  }

  /** The wait after the {@code failures}-th failed attempt (1-based). */
  public Duration after(int failures) {
    double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, failures - 1));
    return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
  }
}

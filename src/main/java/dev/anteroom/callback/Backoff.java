package dev.anteroom.callback;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.random.RandomGenerator;

/**
 * When to try a failed callback again: retry {@code n} (1-based) waits a uniformly random time in
 * [½·initial·multiplier^(n-1), initial·multiplier^(n-1)], so retries of many events spread out but
 * the waits still grow. A receiver's {@code Retry-After} is honoured when it asks for longer, up to
 * {@code retryAfterCap}, so a receiver cannot park an event for days.
 */
public final class Backoff {

  private final Duration initial;
  private final double multiplier;
  private final int maxRetries;
  private final Duration retryAfterCap;
  private final RandomGenerator random;

  public Backoff(
      Duration initial,
      double multiplier,
      int maxRetries,
      Duration retryAfterCap,
      RandomGenerator random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("initial backoff must be positive, was " + initial);
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("backoff multiplier must be 1 or more, was " + multiplier);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException("max retries must be 0 or more, was " + maxRetries);
    }
    this.initial = initial;
    this.multiplier = multiplier;
    this.maxRetries = maxRetries;
    this.retryAfterCap = retryAfterCap;
    this.random = random;
  }

  /** Whether an event that has failed {@code attempts} times (first try included) may try again. */
  public boolean mayRetry(int attempts) {
    return attempts <= maxRetries;
  }

  /** The longest wait retry {@code n} may draw. */
  public Duration ceiling(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retries count from 1, was " + retry);
    }
    double millis = initial.toMillis() * Math.pow(multiplier, retry - 1);
    return Duration.ofMillis((long) Math.min(millis, Duration.ofDays(1).toMillis()));
  }

  /**
   * The wait before retry {@code n}: drawn from [ceiling/2, ceiling], or the receiver's {@code
   * retryAfter} (null when it sent none) if that is longer, capped.
   */
  public Duration delay(int retry, Duration retryAfter) {
    long ceiling = ceiling(retry).toMillis();
    long floor = ceiling / 2;
    Duration drawn = Duration.ofMillis(floor + random.nextLong(ceiling - floor + 1));
    if (retryAfter != null && retryAfter.compareTo(drawn) > 0) {
      return retryAfter.compareTo(retryAfterCap) > 0 ? retryAfterCap : retryAfter;
    }
    return drawn;
  }

  /**
   * A {@code Retry-After} value, delay-seconds or an HTTP-date, as a wait from {@code now}; null
   * when absent or unreadable (the backoff then decides alone).
   */
  public static Duration parseRetryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    if (text.chars().allMatch(Character::isDigit)) {
      if (text.length() > 9) {
        return Duration.ofSeconds(999_999_999L);
      }
      return Duration.ofSeconds(Long.parseLong(text));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return wait.isNegative() ? Duration.ZERO : wait;
    } catch (DateTimeParseException unreadable) {
      return null;
    }
  }
}

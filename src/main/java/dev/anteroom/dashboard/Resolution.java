package dev.anteroom.dashboard;

import dev.anteroom.common.InvalidInputException;
import java.time.Duration;
import java.time.Instant;

/**
 * The periods aggregate rows are kept at, each with its retention: minutes a week, hours 90 days,
 * days two years.
 */
public enum Resolution {
  MINUTE(1, Duration.ofMinutes(1), Duration.ofDays(7)),
  HOUR(2, Duration.ofHours(1), Duration.ofDays(90)),
  DAY(3, Duration.ofDays(1), Duration.ofDays(730));

  private final int code;
  private final Duration length;
  private final Duration retention;

  Resolution(int code, Duration length, Duration retention) {
    this.code = code;
    this.length = length;
    this.retention = retention;
  }

  public int code() {
    return code;
  }

  public Duration length() {
    return length;
  }

  public Duration retention() {
    return retention;
  }

  /** The resolution the rows of this one are rolled up from. */
  public Resolution finer() {
    return this == DAY ? HOUR : MINUTE;
  }

  /** The start of the period holding {@code at} (UTC). */
  public Instant floor(Instant at) {
    long size = length.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(at.toEpochMilli(), size) * size);
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static Resolution parse(String field, String text) {
    for (Resolution r : values()) {
      if (r.wireName().equals(text)) {
        return r;
      }
    }
    throw new InvalidInputException(field, field + " must be minute, hour or day");
  }
}

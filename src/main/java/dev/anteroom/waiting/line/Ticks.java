package dev.anteroom.waiting.line;

import java.time.Instant;

/**
 * Whole seconds since 2025-01-01 in an int: the resolution of idle timeouts and pass expiry, at
 * half the memory of epoch milliseconds and good until the year 2093.
 */
public final class Ticks {

  private static final long EPOCH = Instant.parse("2025-01-01T00:00:00Z").getEpochSecond();

  private Ticks() {}

  public static int of(Instant instant) {
    return (int) Math.max(Integer.MIN_VALUE + 1, instant.getEpochSecond() - EPOCH);
  }

  /** The tick of an instant, rounded up, for expiries: a pass never ends before its time. */
  public static int ceilOf(Instant instant) {
    int tick = of(instant);
    return instant.getNano() > 0 ? tick + 1 : tick;
  }

  public static Instant toInstant(int tick) {
    return Instant.ofEpochSecond(EPOCH + tick);
  }
}

package dev.anteroom.release;

import java.time.Instant;

/**
 * How fast a queue really lets visitors through: releases per second of the last five minutes in
 * which someone was waiting. The ETA uses it rather than the configured rate, which a cap of active
 * users or a shared application rate can make optimistic; seconds with nobody waiting do not count,
 * so a quiet spell does not make the line look slow.
 */
final class DepartureMeter {

  static final int WINDOW = 300;
  static final int MIN_BUSY_SECONDS = 30;

  private final int[] released = new int[WINDOW];
  private final boolean[] busy = new boolean[WINDOW];
  private long lastSecond = Long.MIN_VALUE;
  private long computedFor = Long.MIN_VALUE;
  private double computed = Double.NaN;

  /** One step: {@code count} released, and whether anyone was waiting. */
  synchronized void record(Instant at, int count, boolean waiting) {
    computedFor = Long.MIN_VALUE;
    int slot = advance(at.getEpochSecond());
    released[slot] += count;
    busy[slot] |= waiting || count > 0;
  }

  /**
   * Releases per busy second, or NaN with under half a minute of busy history. Every poll asks, so
   * the answer is worked out once a second.
   */
  synchronized double ratePerSecond(Instant now) {
    long second = now.getEpochSecond();
    if (second == computedFor) {
      return computed;
    }
    advance(second);
    computedFor = second;
    computed = sum();
    return computed;
  }

  private double sum() {
    long sum = 0;
    int busySeconds = 0;
    for (int i = 0; i < WINDOW; i++) {
      if (busy[i]) {
        busySeconds++;
        sum += released[i];
      }
    }
    return busySeconds < MIN_BUSY_SECONDS ? Double.NaN : (double) sum / busySeconds;
  }

  private int advance(long second) {
    if (lastSecond != Long.MIN_VALUE && second > lastSecond) {
      long gap = Math.min(WINDOW, second - lastSecond);
      for (long s = 1; s <= gap; s++) {
        int slot = Math.floorMod(lastSecond + s, WINDOW);
        released[slot] = 0;
        busy[slot] = false;
      }
    }
    if (lastSecond == Long.MIN_VALUE || second > lastSecond) {
      lastSecond = second;
    }
    return Math.floorMod(second, WINDOW);
  }
}

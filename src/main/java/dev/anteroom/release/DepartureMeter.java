package dev.anteroom.release;

import java.time.Duration;
import java.time.Instant;

/**
 * How fast visitors really leave a queue's line, for the ETA: departures per second over the last
 * five minutes, counted only over seconds in which someone was waiting (so a quiet spell does not
 * make the line look slow) and only between departures. The rate is measured when a visitor leaves
 * and kept until the next one does: the seconds that pass while a place waits for its turn are not
 * counted as seconds in which nobody left, which would make the ETA of a place that has not moved
 * grow until the next release.
 */
final class DepartureMeter {

  static final int WINDOW = 300;

  /** Busy seconds between the first and the last departure needed before the rate is believed. */
  static final int MIN_SPAN = 10;

  private final int[] released = new int[WINDOW];
  private final boolean[] busy = new boolean[WINDOW];
  private long lastSecond = Long.MIN_VALUE;
  private volatile Observed observed;

  /**
   * A departure rate measured at a departure.
   *
   * @param ratePerSecond visitors per busy second between departures
   * @param lastDeparture when the last visitor left
   */
  record Observed(double ratePerSecond, Instant lastDeparture) {

    /**
     * Seconds from {@code now} until {@code place} more visitors have left at this rate, counted
     * from the last departure (at least 0).
     */
    double secondsUntil(double place, Instant now) {
      double sinceLast = Duration.between(lastDeparture, now).toMillis() / 1000.0;
      return Math.max(0, place / ratePerSecond - sinceLast);
    }
  }

  /** One step of the line: {@code count} left it, and whether anyone was waiting. */
  synchronized void record(Instant at, int count, boolean waiting) {
    long second = at.getEpochSecond();
    int slot = advance(second);
    released[slot] += count;
    busy[slot] |= waiting || count > 0;
    if (count > 0) {
      // Too little history for a new measure keeps the last one, which ages out on its own.
      Observed measured = measure(lastSecond, at);
      if (measured != null) {
        observed = measured;
      }
    }
  }

  /** The rate at the last departure, or null without one in the window or enough history. */
  Observed observed(Instant now) {
    Observed last = observed;
    if (last == null || Duration.between(last.lastDeparture(), now).getSeconds() >= WINDOW) {
      return null;
    }
    return last;
  }

  /**
   * Departures after the window's first departure second, per busy second from then to this one:
   * the first second's departures close an interval that began before the window.
   */
  private Observed measure(long second, Instant at) {
    long departures = 0;
    int busySeconds = 0;
    boolean started = false;
    for (long s = second - WINDOW + 1; s <= second; s++) {
      int slot = Math.floorMod(s, WINDOW);
      if (!started) {
        started = released[slot] > 0;
        continue;
      }
      departures += released[slot];
      busySeconds += busy[slot] ? 1 : 0;
    }
    if (departures == 0 || busySeconds < MIN_SPAN) {
      return null;
    }
    return new Observed((double) departures / busySeconds, at);
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

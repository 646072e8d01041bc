package dev.anteroom.dashboard;

import java.util.Arrays;

/**
 * The fixed buckets of join-to-release waits, in seconds, shared by the aggregate rows and the
 * {@code queue_wait_seconds} histogram: fixed so that minutes add up to hours and days exactly, and
 * a percentile read from the sum is right to the bucket. Waits are measured to the second.
 */
public final class WaitBuckets {

  /** Upper bounds (inclusive) of every bucket but the last, which holds everything longer. */
  public static final double[] BOUNDS = {
    1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 28800
  };

  /** Buckets, the open-ended last one included. */
  public static final int COUNT = BOUNDS.length + 1;

  private WaitBuckets() {}

  public static int indexOf(double seconds) {
    int at = Arrays.binarySearch(BOUNDS, seconds);
    return at >= 0 ? at : -at - 1;
  }

  /**
   * The upper bound of the bucket that holds the {@code quantile} of these counts, or null without
   * any; the open last bucket answers its lower bound (the wait was at least that).
   */
  public static Double quantile(long[] counts, double quantile) {
    long total = Arrays.stream(counts).sum();
    if (total == 0) {
      return null;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      seen += counts[i];
      if (seen >= rank) {
        return BOUNDS[Math.min(i, BOUNDS.length - 1)];
      }
    }
    return BOUNDS[BOUNDS.length - 1];
  }
}

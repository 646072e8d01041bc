package dev.anteroom.waiting.store;

import dev.anteroom.waiting.line.Ticks;
import java.time.Instant;

/**
 * When a queue's active passes run out, to the second: the count ending at each second, summed, so
 * that the k-th earliest expiry is a binary search. Taken from the line in one scan; it holds a few
 * bytes per second of the longest pass, never one entry per visitor.
 */
public final class PassExpiries {

  /** No pass known to end: also what a reader sees before the line was first read. */
  public static final PassExpiries NONE = new PassExpiries(0, new int[0]);

  private final int firstTick;
  private final int[] endedBy;

  private PassExpiries(int firstTick, int[] endedBy) {
    this.firstTick = firstTick;
    this.endedBy = endedBy;
  }

  /**
   * From counts per tick: {@code counts[i]} passes end at {@code firstTick + i}.
   *
   * @param counts not kept
   */
  static PassExpiries of(int firstTick, int[] counts) {
    int first = 0;
    while (first < counts.length && counts[first] == 0) {
      first++;
    }
    int last = counts.length - 1;
    while (last >= first && counts[last] == 0) {
      last--;
    }
    if (first > last) {
      return NONE;
    }
    int[] endedBy = new int[last - first + 1];
    int sum = 0;
    for (int i = first; i <= last; i++) {
      sum += counts[i];
      endedBy[i - first] = sum;
    }
    return new PassExpiries(firstTick + first, endedBy);
  }

  /** The active passes. */
  public int count() {
    return endedBy.length == 0 ? 0 : endedBy[endedBy.length - 1];
  }

  /** When the {@code k}-th pass to end (1-based, at most {@link #count()}) runs out. */
  public Instant nth(int k) {
    if (k < 1 || k > count()) {
      throw new IllegalArgumentException("no pass " + k + " of " + count());
    }
    int low = 0;
    int high = endedBy.length - 1;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (endedBy[middle] >= k) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return Ticks.toInstant(firstTick + low);
  }
}

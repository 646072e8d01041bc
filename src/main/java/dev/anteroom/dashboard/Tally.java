package dev.anteroom.dashboard;

import java.util.Arrays;

/**
 * What happened in one queue over one period: the counts, the join-to-release waits (count, sum and
 * fixed buckets) and the queue length at the period's end and its most. Tallies add up: {@link
 * #then} joins consecutive periods, {@link #alongside} the shares of several nodes in one period.
 *
 * @param expiries visitors who went idle or whose pass ran out
 * @param completions passes the tenant ended early
 */
public record Tally(
    long joins,
    long releases,
    long expiries,
    long cancellations,
    long completions,
    long waitCount,
    long waitSumMillis,
    long[] waitBuckets,
    int lengthEnd,
    int lengthMax) {

  public static final Tally EMPTY =
      new Tally(0, 0, 0, 0, 0, 0, 0, new long[WaitBuckets.COUNT], 0, 0);

  public Tally {
    if (waitBuckets.length != WaitBuckets.COUNT) {
      throw new IllegalArgumentException("a tally has " + WaitBuckets.COUNT + " wait buckets");
    }
    waitBuckets = waitBuckets.clone();
  }

  /** This period followed by a later one: counts add, the length is the later one's. */
  public Tally then(Tally later) {
    return sum(later, later.lengthEnd);
  }

  /** Another node's share of the same period: every node sees the same line, so lengths max. */
  public Tally alongside(Tally other) {
    return sum(other, Math.max(lengthEnd, other.lengthEnd));
  }

  /** Several queues in the same period: counts and lengths add. */
  public Tally plusQueue(Tally other) {
    Tally summed = sum(other, lengthEnd + other.lengthEnd);
    return summed.withLengths(summed.lengthEnd, lengthMax + other.lengthMax);
  }

  public Tally withLengths(int end, int max) {
    return new Tally(
        joins,
        releases,
        expiries,
        cancellations,
        completions,
        waitCount,
        waitSumMillis,
        waitBuckets,
        end,
        max);
  }

  public Double averageWaitSeconds() {
    return waitCount == 0 ? null : waitSumMillis / 1000.0 / waitCount;
  }

  public Double p95WaitSeconds() {
    return WaitBuckets.quantile(waitBuckets, 0.95);
  }

  public boolean isEmpty() {
    return joins == 0
        && releases == 0
        && expiries == 0
        && cancellations == 0
        && completions == 0
        && waitCount == 0
        && lengthEnd == 0
        && lengthMax == 0;
  }

  private Tally sum(Tally o, int end) {
    long[] buckets = new long[WaitBuckets.COUNT];
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = waitBuckets[i] + o.waitBuckets[i];
    }
    return new Tally(
        joins + o.joins,
        releases + o.releases,
        expiries + o.expiries,
        cancellations + o.cancellations,
        completions + o.completions,
        waitCount + o.waitCount,
        waitSumMillis + o.waitSumMillis,
        buckets,
        end,
        Math.max(lengthMax, o.lengthMax));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Tally t
        && joins == t.joins
        && releases == t.releases
        && expiries == t.expiries
        && cancellations == t.cancellations
        && completions == t.completions
        && waitCount == t.waitCount
        && waitSumMillis == t.waitSumMillis
        && Arrays.equals(waitBuckets, t.waitBuckets)
        && lengthEnd == t.lengthEnd
        && lengthMax == t.lengthMax;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(waitBuckets) * 31 + Long.hashCode(joins + releases * 7 + waitSumMillis);
  }

  @Override
  public String toString() {
    return "Tally[joins=%d, releases=%d, expiries=%d, cancellations=%d, completions=%d, waits=%d/%dms %s, length=%d max %d]"
        .formatted(
            joins,
            releases,
            expiries,
            cancellations,
            completions,
            waitCount,
            waitSumMillis,
            Arrays.toString(waitBuckets),
            lengthEnd,
            lengthMax);
  }
}

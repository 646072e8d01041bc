package dev.anteroom.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sliding-window tallies of events delivered and failed for good, per queue and per application,
 * held in memory for the callback-failure alert ("5 final failures in 5 minutes, and the failure
 * ratio"). Time is cut into {@value #BUCKET_SECONDS}-second buckets over the last {@link #HORIZON};
 * a window is counted to the bucket, which is close enough for an alert. A queue without outcomes
 * for the whole horizon (a deleted one, say) is forgotten when tallies are next read.
 */
public final class CallbackOutcomes implements DeliveryObserver {

  static final int BUCKET_SECONDS = 30;
  public static final Duration HORIZON = Duration.ofHours(1);
  private static final int BUCKETS = (int) (HORIZON.toSeconds() / BUCKET_SECONDS);

  private final Clock clock;
  private final Map<Long, Series> byQueue = new ConcurrentHashMap<>();

  public CallbackOutcomes(Clock clock) {
    this.clock = clock;
  }

  /**
   * Outcomes in a window.
   *
   * @param queueId null in a tally per application
   */
  public record Tally(long applicationId, Long queueId, long successes, long finalFailures) {

    public long total() {
      return successes + finalFailures;
    }

    /** Final failures over all finished events, 0 when none finished. */
    public double failureRatio() {
      return total() == 0 ? 0 : (double) finalFailures / total();
    }
  }

  @Override
  public void attempted(long applicationId, long queueId, DeliveryResult result) {}

  @Override
  public void finished(long applicationId, long queueId, boolean success) {
    byQueue
        .computeIfAbsent(queueId, id -> new Series(applicationId))
        .add(bucket(clock.instant()), success);
  }

  /** Per application with any outcome in the window ending at {@code now}. */
  public List<Tally> recentByApplication(Duration window, Instant now) {
    forgetIdle(bucket(now));
    Map<Long, long[]> sums = new TreeMap<>();
    for (Series series : byQueue.values()) {
      long[] counts = series.sum(bucket(now), buckets(window));
      if (counts[0] + counts[1] > 0) {
        long[] sum = sums.computeIfAbsent(series.applicationId, id -> new long[2]);
        sum[0] += counts[0];
        sum[1] += counts[1];
      }
    }
    List<Tally> tallies = new ArrayList<>();
    sums.forEach((app, sum) -> tallies.add(new Tally(app, null, sum[0], sum[1])));
    return tallies;
  }

  /** Per queue with any outcome in the window ending at {@code now}. */
  public List<Tally> recentByQueue(Duration window, Instant now) {
    forgetIdle(bucket(now));
    List<Tally> tallies = new ArrayList<>();
    new TreeMap<>(byQueue)
        .forEach(
            (queue, series) -> {
              long[] counts = series.sum(bucket(now), buckets(window));
              if (counts[0] + counts[1] > 0) {
                tallies.add(new Tally(series.applicationId, queue, counts[0], counts[1]));
              }
            });
    return tallies;
  }

  private void forgetIdle(long nowBucket) {
    byQueue.values().removeIf(series -> series.newest <= nowBucket - BUCKETS);
  }

  private static long bucket(Instant at) {
    return Math.floorDiv(at.getEpochSecond(), BUCKET_SECONDS);
  }

  private static int buckets(Duration window) {
    long count = (window.toSeconds() + BUCKET_SECONDS - 1) / BUCKET_SECONDS;
    return (int) Math.max(1, Math.min(BUCKETS, count));
  }

  /** One queue's ring of buckets; each slot remembers which bucket it holds. */
  private static final class Series {
    final long applicationId;
    final long[] slotBucket = new long[BUCKETS];
    final long[] successes = new long[BUCKETS];
    final long[] failures = new long[BUCKETS];
    volatile long newest = Long.MIN_VALUE;

    Series(long applicationId) {
      this.applicationId = applicationId;
      java.util.Arrays.fill(slotBucket, Long.MIN_VALUE);
    }

    synchronized void add(long bucket, boolean success) {
      int slot = (int) Math.floorMod(bucket, (long) BUCKETS);
      if (slotBucket[slot] != bucket) {
        slotBucket[slot] = bucket;
        successes[slot] = 0;
        failures[slot] = 0;
      }
      newest = Math.max(newest, bucket);
      if (success) {
        successes[slot]++;
      } else {
        failures[slot]++;
      }
    }

    synchronized long[] sum(long lastBucket, int count) {
      long[] sum = new long[2];
      for (long b = lastBucket - count + 1; b <= lastBucket; b++) {
        int slot = (int) Math.floorMod(b, (long) BUCKETS);
        if (slotBucket[slot] == b) {
          sum[0] += successes[slot];
          sum[1] += failures[slot];
        }
      }
      return sum;
    }
  }
}

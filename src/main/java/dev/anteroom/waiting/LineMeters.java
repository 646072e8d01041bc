package dev.anteroom.waiting;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Plain counters of what happened in each queue since start; one binder outside the core exports
 * them as metrics.
 */
public final class LineMeters {

  private final Map<Long, Counts> byQueue = new ConcurrentHashMap<>();

  public Counts of(long queueId) {
    return byQueue.computeIfAbsent(queueId, id -> new Counts());
  }

  public void forget(long queueId) {
    byQueue.remove(queueId);
  }

  /** One queue's counters. */
  public static final class Counts {
    public final LongAdder joined = new LongAdder();
    public final LongAdder released = new LongAdder();
    public final LongAdder cancelled = new LongAdder();
    public final LongAdder expiredIdle = new LongAdder();
    public final LongAdder expiredPass = new LongAdder();
    public final LongAdder completed = new LongAdder();

    /**
     * Visitors who went idle while waiting, or whose pass ran out; a pass the tenant ended early is
     * {@link #completed}, not expired.
     */
    public long expired() {
      return expiredIdle.sum() + expiredPass.sum();
    }
  }
}

package dev.anteroom.dashboard;

import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.ReleasedVisitor;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the per-minute aggregate rows. {@link #flush} is the whole job: a loop calls it every few
 * seconds, tests after moving the clock. For every queue it takes what the line's counters ({@link
 * LineMeters}) and the waits recorded at release added since the last flush, adds it to this
 * process's tally of the current minute, and writes that tally whole (so a repeated write is
 * harmless). What happened between two flushes counts in the minute of the later one.
 *
 * <p>Each process writes rows of its own (a random writer id per start): every node counts only
 * what it did (joins on the node that took them, releases on the lease holder), the rows of one
 * minute add up, and a restart mid-minute starts a new writer with counters at zero, so nothing is
 * counted twice; what a crashed process had not flushed yet (at most one flush interval) is lost.
 * So it is safe, and needed, on every node. Roll-ups (hours from minutes after a two-minute grace,
 * days from hours) and the purge are idempotent and run on every node too.
 */
public final class MinuteFlusher {

  static final Duration GRACE = Duration.ofMinutes(2);
  private static final int HOURS_BACK = 48;
  private static final int DAYS_BACK = 7;

  private final QueueDirectory queues;
  private final WaitingLineStore lines;
  private final LineMeters meters;
  private final AggregateStore store;
  private final Aggregates aggregates;
  private final String writer;
  private final Map<Long, Open> open = new ConcurrentHashMap<>();
  private final Map<Long, WaitSink> waits = new ConcurrentHashMap<>();
  private volatile Instant maintainedAt;

  public MinuteFlusher(
      QueueDirectory queues,
      WaitingLineStore lines,
      LineMeters meters,
      AggregateStore store,
      String writer) {
    this.queues = queues;
    this.lines = lines;
    this.meters = meters;
    this.store = store;
    this.aggregates = new Aggregates(store);
    this.writer = writer;
  }

  /** Records the waits of visitors just released (a release listener). */
  public void released(long queueId, List<ReleasedVisitor> visitors) {
    WaitSink sink = waits.computeIfAbsent(queueId, id -> new WaitSink());
    synchronized (sink) {
      for (ReleasedVisitor visitor : visitors) {
        double seconds = visitor.waitSeconds();
        sink.count++;
        sink.sumMillis += Math.round(seconds * 1000);
        sink.buckets[WaitBuckets.indexOf(seconds)]++;
      }
    }
  }

  /** One flush of every queue's current minute, then roll-ups and the purge. */
  public synchronized void flush(Instant now) {
    Instant minute = Resolution.MINUTE.floor(now);
    for (Queue queue : queues.all()) {
      flush(queue, minute);
    }
    open.keySet().removeIf(id -> queues.find(id).isEmpty());
    waits.keySet().removeIf(id -> queues.find(id).isEmpty());
    // Roll-ups and the purge change at most once a minute: not at every flush.
    if (!minute.equals(maintainedAt)) {
      rollUp(now);
      for (Resolution r : Resolution.values()) {
        store.purge(r, now.minus(r.retention()));
      }
      maintainedAt = minute;
    }
  }

  /**
   * What this process counted for the queue since its last flush (not written yet), with the
   * queue's length now, for readers of "the last hour" who add it to the rows.
   */
  public synchronized Tally unflushed(long queueId) {
    return sinceLastFlush(queueId, open.get(queueId), false, counters(queueId));
  }

  private void flush(Queue queue, Instant minute) {
    long id = queue.id();
    Open state = open.get(id);
    // One reading serves both the delta and the next flush's base: reading twice would drop
    // whatever was counted between the two reads.
    long[] counted = counters(id);
    Tally delta = sinceLastFlush(id, state, true, counted);
    if (state == null) {
      state = new Open();
      open.put(id, state);
    }
    state.counters = counted;
    Tally base = state.minute != null && state.minute.equals(minute) ? state.tally : null;
    boolean wasLong = state.tally != null && state.tally.lengthEnd() > 0;
    Tally tally =
        base == null
            ? delta.withLengths(delta.lengthEnd(), delta.lengthEnd())
            : base.then(delta)
                .withLengths(delta.lengthEnd(), Math.max(base.lengthMax(), delta.lengthEnd()));
    state.minute = minute;
    state.tally = tally;
    // An idle, empty queue writes nothing; the minute it empties is written, so the length ends at
    // 0.
    if (tally.isEmpty() && !wasLong && (base == null || base.isEmpty())) {
      return;
    }
    store.saveMinute(writer, new PeriodRow(id, queue.applicationId(), minute, tally));
  }

  private Tally sinceLastFlush(long queueId, Open state, boolean take, long[] now) {
    long[] last = state == null || state.counters == null ? new long[5] : state.counters;
    long waitCount = 0;
    long waitSum = 0;
    long[] buckets = new long[WaitBuckets.COUNT];
    WaitSink sink = waits.get(queueId);
    if (sink != null) {
      synchronized (sink) {
        waitCount = sink.count;
        waitSum = sink.sumMillis;
        buckets = sink.buckets.clone();
        if (take) {
          sink.count = 0;
          sink.sumMillis = 0;
          java.util.Arrays.fill(sink.buckets, 0);
        }
      }
    }
    int length = lines.isOpen(queueId) ? lines.counts(queueId).waiting() : 0;
    return new Tally(
        now[0] - last[0],
        now[1] - last[1],
        now[2] - last[2],
        now[3] - last[3],
        now[4] - last[4],
        waitCount,
        waitSum,
        buckets,
        length,
        length);
  }

  private long[] counters(long queueId) {
    LineMeters.Counts c = meters.of(queueId);
    return new long[] {
      c.joined.sum(),
      c.released.sum(),
      c.expiredIdle.sum() + c.expiredPass.sum(),
      c.cancelled.sum(),
      c.completed.sum()
    };
  }

  private void rollUp(Instant now) {
    Instant settled = now.minus(GRACE);
    rollUp(Resolution.HOUR, Resolution.HOUR.floor(settled), HOURS_BACK);
    rollUp(Resolution.DAY, Resolution.DAY.floor(settled), DAYS_BACK);
  }

  /** Rolls up the last {@code back} complete periods ending at {@code end} not yet rolled. */
  private void rollUp(Resolution resolution, Instant end, int back) {
    Instant from = end.minus(resolution.length().multipliedBy(back));
    Set<Instant> rolled = store.rolled(resolution, from, end);
    for (Instant p = from; p.isBefore(end); p = p.plus(resolution.length())) {
      if (!rolled.contains(p)) {
        store.saveRollup(resolution, p, aggregates.period(resolution, p));
      }
    }
  }

  private static final class Open {
    Instant minute;
    Tally tally;
    long[] counters;
  }

  private static final class WaitSink {
    long count;
    long sumMillis;
    final long[] buckets = new long[WaitBuckets.COUNT];
  }
}

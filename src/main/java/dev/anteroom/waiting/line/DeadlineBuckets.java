package dev.anteroom.waiting.line;

import java.util.Map;
import java.util.TreeMap;

/**
 * Visitors filed by a tick (a second), one bucket per tick, so that whoever is due by a tick is
 * found without looking at anyone else. Each bucket is a doubly linked list threaded through the
 * visitors' own link arrays ({@link Links}), so filing allocates nothing per visitor, a visitor is
 * taken out in O(1) the moment it leaves (no dead entries to sweep later), and memory is two longs
 * per visitor filed. The first member's previous link and the last member's next link hold a marker
 * naming the bucket's tick, so a member at either end finds its bucket without a search. Sequence
 * numbers must not be negative: negative links are markers.
 */
final class DeadlineBuckets {

  /** The links of the visitors, by sequence number. */
  interface Links {
    long prev(long seq);

    long next(long seq);

    void prev(long seq, long link);

    void next(long seq, long link);
  }

  /** What a sweep does with a member: stop the sweep, or keep the member where it is. */
  static final long STOP = Long.MIN_VALUE;

  static final long KEEP = Long.MIN_VALUE + 1;

  /** A sweep's verdict on one member: {@link #STOP}, {@link #KEEP} or a tick to refile it under. */
  interface Verdict {
    long on(long seq);
  }

  private static final long NONE = -1;
  private static final int RECENT = 64;

  private final Links links;
  private final TreeMap<Integer, Bucket> buckets = new TreeMap<>();

  /** The buckets of recent ticks by tick modulo 64: most filings go to one of a few seconds. */
  private final Bucket[] recent = new Bucket[RECENT];

  /** Members shown to sweeps so far: the work sweeps did, for tests that bound it. */
  private long shown;

  DeadlineBuckets(Links links) {
    this.links = links;
  }

  /** Files a visitor at the end of the bucket of {@code tick}. */
  void file(long seq, int tick) {
    Bucket bucket = bucket(tick);
    if (bucket == null) {
      bucket = new Bucket(tick);
      buckets.put(tick, bucket);
      recent[tick & (RECENT - 1)] = bucket;
    }
    links.next(seq, marker(tick));
    if (bucket.tail == NONE) {
      bucket.head = seq;
      links.prev(seq, marker(tick));
    } else {
      links.next(bucket.tail, seq);
      links.prev(seq, bucket.tail);
    }
    bucket.tail = seq;
  }

  /** Takes a filed visitor out of its bucket. */
  void unfile(long seq) {
    long before = links.prev(seq);
    long after = links.next(seq);
    if (before >= 0) {
      links.next(before, after);
    } else {
      bucket(tickOf(before)).head = after >= 0 ? after : NONE;
    }
    if (after >= 0) {
      links.prev(after, before);
    } else {
      Bucket bucket = bucket(tickOf(after));
      bucket.tail = before >= 0 ? before : NONE;
      if (bucket.tail == NONE) {
        drop(bucket);
      }
    }
  }

  /**
   * Shows every member of the buckets of ticks before {@code tickBelow} to {@code verdict}, the
   * earliest bucket first and each in filing order, until it answers {@link #STOP}. A member the
   * verdict refiles must go to a tick at or after {@code tickBelow}, so a sweep sees each member
   * once.
   */
  void sweep(long tickBelow, Verdict verdict) {
    Map.Entry<Integer, Bucket> entry = buckets.firstEntry();
    while (entry != null && entry.getKey() < tickBelow) {
      Bucket bucket = entry.getValue();
      long seq = bucket.head;
      while (seq >= 0) {
        long after = links.next(seq);
        shown++;
        long answer = verdict.on(seq);
        if (answer == STOP) {
          return;
        }
        if (answer != KEEP) {
          if (answer < tickBelow || answer > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a sweep refiles only at or after its end");
          }
          unfile(seq);
          file(seq, (int) answer);
        }
        seq = after;
      }
      entry = buckets.higherEntry(bucket.tick);
    }
  }

  /** Whether no bucket is due before {@code tickBelow}: the common case, answered in O(1). */
  boolean noneBefore(long tickBelow) {
    return buckets.isEmpty() || buckets.firstKey() >= tickBelow;
  }

  long shown() {
    return shown;
  }

  private Bucket bucket(int tick) {
    Bucket cached = recent[tick & (RECENT - 1)];
    if (cached != null && cached.tick == tick && !cached.dropped) {
      return cached;
    }
    Bucket found = buckets.get(tick);
    if (found != null) {
      recent[tick & (RECENT - 1)] = found;
    }
    return found;
  }

  private void drop(Bucket bucket) {
    bucket.dropped = true;
    buckets.remove(bucket.tick);
  }

  /** The link that ends a bucket: far below any sequence number, and naming the tick. */
  private static long marker(int tick) {
    return Long.MIN_VALUE + ((long) tick - Integer.MIN_VALUE);
  }

  private static int tickOf(long marker) {
    return (int) (marker - Long.MIN_VALUE + Integer.MIN_VALUE);
  }

  private static final class Bucket {
    final int tick;
    long head = NONE;
    long tail = NONE;
    boolean dropped;

    Bucket(int tick) {
      this.tick = tick;
    }
  }
}

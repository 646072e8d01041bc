package dev.anteroom.waiting.line;

import java.util.Map;
import java.util.TreeMap;

/**
 * Visitors filed by a tick (a second), one bucket per tick, so that whoever is due by a tick is
 * found without looking at anyone else. Each bucket is a doubly linked list threaded through the
 * visitors' own link arrays in their {@link Page}s, so filing allocates nothing per visitor, a
 * visitor is taken out in O(1) the moment it leaves (no dead entries to sweep later), and memory is
 * two longs per visitor filed. The first member's previous link and the last member's next link
 * hold a marker naming the bucket's tick, so a member at either end finds its bucket without a
 * search. Sequence numbers must not be negative: negative links are markers.
 */
final class DeadlineBuckets {

  /** A sweep's answer that ends the sweep, leaving the member and those after it in place. */
  static final long STOP = Long.MIN_VALUE;

  /** A sweep's answer that keeps the member in its bucket. */
  static final long KEEP = Long.MIN_VALUE + 1;

  /** A sweep's verdict on one member: {@link #STOP}, {@link #KEEP} or a tick to refile it under. */
  interface Verdict {
    long on(long seq, Page page, int offset);
  }

  private static final long NONE = -1;
  private static final int RECENT = 64;

  private final Pages pages;
  private final TreeMap<Integer, Bucket> buckets = new TreeMap<>();

  /** The buckets of recent ticks by tick modulo 64: most filings go to one of a few seconds. */
  private final Bucket[] recent = new Bucket[RECENT];

  /** Members shown to sweeps so far: the work sweeps did, for tests that bound it. */
  private long shown;

  DeadlineBuckets(Pages pages) {
    this.pages = pages;
  }

  /** Files a visitor at the end of the bucket of {@code tick}. */
  void file(long seq, int tick) {
    append(bucketOrNew(tick), seq, pages.find(seq), pages.offset(seq));
  }

  /** Takes a filed visitor out of its bucket. */
  void unfile(long seq) {
    Page page = pages.find(seq);
    int at = pages.offset(seq);
    long before = page.prev[at];
    long after = page.next[at];
    Page beforePage = before >= 0 ? pages.find(before) : null;
    if (before >= 0) {
      beforePage.next[pages.offset(before)] = after;
    } else {
      bucket(tickOf(before)).head = after >= 0 ? after : NONE;
    }
    if (after >= 0) {
      pages.find(after).prev[pages.offset(after)] = before;
    } else {
      Bucket bucket = bucket(tickOf(after));
      bucket.tail = before >= 0 ? before : NONE;
      bucket.tailPage = beforePage;
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
   *
   * <p>A bucket is taken apart as it is walked and its kept members put back in order, so a member
   * costs a few writes to its own page and to the tail of the bucket it goes to: a sweep that
   * refiles millions (everyone who joined in the same second comes due together) stays cheap.
   */
  void sweep(long tickBelow, Verdict verdict) {
    Map.Entry<Integer, Bucket> entry = buckets.firstEntry();
    while (entry != null && entry.getKey() < tickBelow) {
      Bucket bucket = entry.getValue();
      long seq = bucket.head;
      long lastSeq = bucket.tail;
      Page lastPage = bucket.tailPage;
      bucket.head = NONE;
      bucket.tail = NONE;
      bucket.tailPage = null;
      Page page = null;
      long pageNo = Long.MIN_VALUE;
      while (seq >= 0) {
        if (pages.pageNoOf(seq) != pageNo) {
          pageNo = pages.pageNoOf(seq);
          page = pages.find(seq);
        }
        int at = pages.offset(seq);
        long after = page.next[at];
        shown++;
        long answer = verdict.on(seq, page, at);
        if (answer == STOP) {
          // The members not seen yet go back after the kept ones, their own links untouched.
          link(bucket, seq, page, at);
          bucket.tail = lastSeq;
          bucket.tailPage = lastPage;
          return;
        }
        if (answer == KEEP) {
          append(bucket, seq, page, at);
        } else if (answer >= tickBelow && answer <= Integer.MAX_VALUE) {
          append(bucketOrNew((int) answer), seq, page, at);
        } else {
          throw new IllegalArgumentException("a sweep refiles only at or after its end");
        }
        seq = after;
      }
      if (bucket.tail == NONE) {
        drop(bucket);
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

  private void append(Bucket bucket, long seq, Page page, int at) {
    link(bucket, seq, page, at);
    page.next[at] = marker(bucket.tick);
    bucket.tail = seq;
    bucket.tailPage = page;
  }

  /** Links a member after the bucket's tail (or as its head); its next link is the caller's. */
  private void link(Bucket bucket, long seq, Page page, int at) {
    if (bucket.tail == NONE) {
      bucket.head = seq;
      page.prev[at] = marker(bucket.tick);
    } else {
      bucket.tailPage.next[pages.offset(bucket.tail)] = seq;
      page.prev[at] = bucket.tail;
    }
  }

  private Bucket bucketOrNew(int tick) {
    Bucket bucket = bucket(tick);
    if (bucket == null) {
      bucket = new Bucket(tick);
      buckets.put(tick, bucket);
      recent[tick & (RECENT - 1)] = bucket;
    }
    return bucket;
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

    /** The tail's page, so appending needs no page lookup. */
    Page tailPage;

    boolean dropped;

    Bucket(int tick) {
      this.tick = tick;
    }
  }
}

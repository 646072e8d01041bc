package dev.anteroom.waiting.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which visitors polled this node, per queue, since the queue was last drained: what the node
 * writes as its next {@link SeenReports seen report}.
 *
 * <p>{@link #seen} runs on every poll, so it takes no lock another thread is likely to hold and
 * allocates nothing once a queue's buffers have grown: each queue keeps a few append buffers
 * (stripes, four per core), and a thread appends to the one its id picks. A stripe that fills up is
 * first sorted and cleared of repeats, and grows only if that freed less than half, so memory
 * follows the visitors seen, not the polls; a drain gives back what a quieter second no longer
 * needs.
 *
 * <p>A drained batch carries one tick, the latest any of its polls had: every visitor in it counts
 * as seen then. That overstates by at most the time between drains (a second), and errs the safe
 * way: an owner may keep an idle visitor a second longer, never expire one who polled. The drain's
 * own tick would overstate more (up to a whole interval with no poll in it) and needs a clock here;
 * per-visitor ticks would cost four bytes a visitor in every report to be exact within a second.
 *
 * <p>Thread-safe. A poll seen during a drain lands in that batch or in the next, never in neither.
 */
public final class SeenCollector {

  private static final int STRIPES = stripes(Runtime.getRuntime().availableProcessors());

  private final LongKeyedTable<Stripe[]> queues = new LongKeyedTable<>();

  /** Records a poll of a waiting visitor. */
  public void seen(long queueId, long seq, int tick) {
    stripesOf(queueId)[stripeOfThisThread()].add(seq, tick);
  }

  /** What was seen of the queue since its last drain, and forgets it. */
  public SeenBatch drain(long queueId) {
    Stripe[] stripes = queues.get(queueId);
    return stripes == null ? SeenBatch.none(queueId) : drain(queueId, stripes);
  }

  /** {@link #drain} of every queue that saw a poll, one batch each. */
  public List<SeenBatch> drainAll() {
    List<SeenBatch> batches = new ArrayList<>();
    for (Stripe[] stripes : queues.values()) {
      SeenBatch batch = drain(stripes[0].queueId, stripes);
      if (!batch.isEmpty()) {
        batches.add(batch);
      }
    }
    return batches;
  }

  /**
   * Puts a drained batch back (its report could not be written), to go out with the next one: its
   * visitors were seen and must not look idle because the database was away for a while.
   */
  public void restore(SeenBatch batch) {
    if (!batch.isEmpty()) {
      stripesOf(batch.queueId())[stripeOfThisThread()].addAll(batch.seqs(), batch.tick());
    }
  }

  /** How many seqs the queue's buffers hold, repeats included: for tests of the memory bound. */
  int buffered(long queueId) {
    Stripe[] stripes = queues.get(queueId);
    int total = 0;
    if (stripes != null) {
      for (Stripe stripe : stripes) {
        total += stripe.size();
      }
    }
    return total;
  }

  private Stripe[] stripesOf(long queueId) {
    Stripe[] stripes = queues.get(queueId);
    return stripes != null ? stripes : queues.computeIfAbsent(queueId, SeenCollector::newStripes);
  }

  private static Stripe[] newStripes(long queueId) {
    Stripe[] stripes = new Stripe[STRIPES];
    for (int i = 0; i < stripes.length; i++) {
      stripes[i] = new Stripe(queueId);
    }
    return stripes;
  }

  /** Four per core, so that two running threads rarely share one: a power of two, 8 to 64. */
  static int stripes(int cores) {
    int wanted = Math.clamp(4L * cores, 8, 64);
    return Integer.highestOneBit(wanted - 1) << 1;
  }

  private static int stripeOfThisThread() {
    // Thread ids are consecutive; the multiply spreads them over the stripes.
    long mixed = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L;
    return (int) (mixed >>> 32) & (STRIPES - 1);
  }

  private static SeenBatch drain(long queueId, Stripe[] stripes) {
    Drained drained = new Drained();
    for (Stripe stripe : stripes) {
      stripe.drainInto(drained);
    }
    if (drained.size == 0) {
      return SeenBatch.none(queueId);
    }
    int distinct = sortDistinct(drained.seqs, drained.size);
    return new SeenBatch(queueId, drained.tick, Arrays.copyOf(drained.seqs, distinct));
  }

  /** Sorts the first {@code size} seqs and moves repeats out; answers how many are distinct. */
  static int sortDistinct(long[] seqs, int size) {
    if (size < 2) {
      return size;
    }
    Arrays.sort(seqs, 0, size);
    int distinct = 1;
    for (int i = 1; i < size; i++) {
      if (seqs[i] != seqs[distinct - 1]) {
        seqs[distinct++] = seqs[i];
      }
    }
    return distinct;
  }

  /** What a drain gathers from the stripes. */
  private static final class Drained {
    long[] seqs = new long[64];
    int size;
    int tick = Integer.MIN_VALUE;

    void take(long[] from, int count, int maxTick) {
      if (size + count > seqs.length) {
        seqs = Arrays.copyOf(seqs, Math.max(size + count, seqs.length * 2));
      }
      System.arraycopy(from, 0, seqs, size, count);
      size += count;
      tick = Math.max(tick, maxTick);
    }
  }

  /** One append buffer of a queue, under its own lock. */
  private static final class Stripe {
    private static final int INITIAL = 64;

    final long queueId;
    private long[] seqs;
    private int size;
    private int maxTick = Integer.MIN_VALUE;

    Stripe(long queueId) {
      this.queueId = queueId;
    }

    synchronized void add(long seq, int tick) {
      append(seq, tick);
    }

    synchronized void addAll(long[] batch, int tick) {
      for (long seq : batch) {
        append(seq, tick);
      }
    }

    synchronized int size() {
      return size;
    }

    synchronized void drainInto(Drained drained) {
      if (size == 0) {
        // Quiet since the last drain: the buffer goes until the next poll.
        seqs = null;
        return;
      }
      drained.take(seqs, size, maxTick);
      if (seqs.length > INITIAL && size < seqs.length / 4) {
        seqs = new long[Math.max(INITIAL, seqs.length / 2)];
      }
      size = 0;
      maxTick = Integer.MIN_VALUE;
    }

    private void append(long seq, int tick) {
      if (seqs == null) {
        seqs = new long[INITIAL];
      } else if (size == seqs.length) {
        size = sortDistinct(seqs, size);
        if (size > seqs.length / 2) {
          seqs = Arrays.copyOf(seqs, seqs.length * 2);
        }
      }
      seqs[size++] = seq;
      if (tick > maxTick) {
        maxTick = tick;
      }
    }
  }
}

package dev.anteroom.waiting.line;

import dev.anteroom.waiting.VisitorState;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The in-memory picture of one queue's visitors, answering an exact position in O(log n).
 *
 * <p>Visitors are numbered by a per-queue sequence number in join order, and every array here is
 * indexed by {@code seq - base}: a state byte, a priority byte and a tick (the last poll of a
 * waiting visitor, or the expiry of a released one's pass) and the tick it joined at (so a release
 * knows each visitor's wait without asking the journal), so a visitor costs fourteen bytes plus
 * four per Fenwick tree it is counted in. Each priority level has a Fenwick tree of the waiting
 * visitors over their <em>slots</em>: the slot is the sequence number, except for visitors who
 * joined before a scheduled opening, whose slots are a seeded shuffle of theirs. Position is then 1
 * + everyone waiting at a higher priority + those at the same priority in earlier slots.
 *
 * <p>Visitors who ended long ago are dropped when the arrays are compacted; their state is then
 * only in the journal ({@link #isKnown} answers false). Not thread-safe: {@link WaitingLine} guards
 * it.
 */
public final class LineIndex {

  public static final int LEVELS = 10;
  public static final int MIN_CAPACITY = 1024;

  /** Reserved by a join whose row is not committed yet. */
  private static final byte PENDING = 0;

  /** Not in memory: a join that failed, or a visitor that ended before a rebuild. */
  private static final byte UNKNOWN = -1;

  private static final byte WAITING = VisitorState.WAITING.code();
  private static final byte RELEASED = VisitorState.RELEASED.code();

  private long base;
  private long next;
  private byte[] states;
  private byte[] priorities;
  private int[] ticks;
  private int[] joinTicks;
  private final Fenwick[] levels = new Fenwick[LEVELS];
  private final int[] waitingAt = new int[LEVELS];
  private int waiting;
  private int active;
  private Shuffle shuffle;
  private final LongLongMap byVisitorKey = new LongLongMap();

  /** An empty line whose first visitor gets {@code firstSeq}. */
  public LineIndex(long firstSeq) {
    this.base = firstSeq;
    this.next = firstSeq;
    allocate(MIN_CAPACITY);
    Arrays.fill(states, UNKNOWN);
  }

  /**
   * A line rebuilt from durable rows, given in sequence order; {@code next} is one past the highest
   * sequence number ever used.
   */
  public static LineIndex rebuild(LiveRows rows, Shuffle shuffle, long next) {
    LineIndex index = new LineIndex(next);
    index.shuffle = shuffle;
    long lowest = next;
    for (int i = 0; i < rows.size(); i++) {
      lowest = Math.min(lowest, Math.min(rows.seq(i), index.slotOf(rows.seq(i))));
    }
    index.base = lowest;
    index.allocate(capacityFor(next - lowest));
    Arrays.fill(index.states, UNKNOWN);
    for (int i = 0; i < rows.size(); i++) {
      int at = index.at(rows.seq(i));
      index.states[at] = rows.state(i);
      index.priorities[at] = rows.priority(i);
      index.ticks[at] = rows.tick(i);
      index.joinTicks[at] = rows.joinTick(i);
      if (rows.state(i) == RELEASED) {
        index.active++;
      }
      if (rows.keyHash(i) != 0) {
        index.byVisitorKey.put(rows.keyHash(i), rows.seq(i));
      }
    }
    index.rebuildTrees();
    return index;
  }

  // ---- joins ----------------------------------------------------------------------------

  /** A sequence number for a new visitor, in PENDING state until {@link #commit} or abandon. */
  public long reserve(long keyHash) {
    if (next - base >= states.length) {
      compact();
    }
    long seq = next++;
    states[at(seq)] = PENDING;
    if (keyHash != 0) {
      byVisitorKey.put(keyHash, seq);
    }
    return seq;
  }

  /**
   * The live visitor (waiting, released, or still being written) holding this visitor key, or -1.
   */
  public long findLive(long keyHash) {
    long seq = byVisitorKey.get(keyHash);
    if (seq == LongLongMap.MISSING || seq < base || seq >= next) {
      return -1;
    }
    byte state = states[at(seq)];
    return state == PENDING || state == WAITING || state == RELEASED ? seq : -1;
  }

  public void commitWaiting(long seq, int priority, int tick) {
    int at = pending(seq);
    states[at] = WAITING;
    priorities[at] = (byte) priority;
    ticks[at] = tick;
    joinTicks[at] = tick;
    addWaiting(seq, priority, 1);
  }

  public void commitReleased(long seq, int priority, int expiresTick) {
    int at = pending(seq);
    states[at] = RELEASED;
    priorities[at] = (byte) priority;
    ticks[at] = expiresTick;
    active++;
  }

  /** The join's row was never written: the number stays unused. */
  public void abandon(long seq) {
    states[pending(seq)] = UNKNOWN;
  }

  // ---- reads ------------------------------------------------------------------------------

  /** Whether the index knows this visitor; if not, the journal does (or nobody). */
  public boolean isKnown(long seq) {
    return seq >= base && seq < next && states[at(seq)] > PENDING;
  }

  public VisitorState state(long seq) {
    return VisitorState.ofCode(states[at(seq)]);
  }

  public int priority(long seq) {
    return priorities[at(seq)];
  }

  public int tick(long seq) {
    return ticks[at(seq)];
  }

  /** The tick the visitor joined at (the rebuild's tick for a visitor released before it). */
  public int joinTick(long seq) {
    return joinTicks[at(seq)];
  }

  /** The join tick of the waiting visitor with the lowest sequence number, or -1 if none waits. */
  public OptionalJoin oldestWaiting() {
    int end = (int) (next - base);
    for (int at = 0; at < end; at++) {
      if (states[at] == WAITING) {
        return new OptionalJoin(true, joinTicks[at]);
      }
    }
    return new OptionalJoin(false, 0);
  }

  /** A join tick that may be absent. */
  public record OptionalJoin(boolean present, int joinTick) {}

  /** 1 + the visitors waiting ahead: higher priority, or the same priority in an earlier slot. */
  public int position(long seq) {
    int priority = priorities[at(seq)];
    int ahead = 0;
    for (int level = priority + 1; level < LEVELS; level++) {
      ahead += waitingAt[level];
    }
    return ahead + levels[priority].countBefore(slotIndex(seq)) + 1;
  }

  /** The position a visitor of this priority joining now would get. */
  public int positionOfNewcomer(int priority) {
    int ahead = 0;
    for (int level = priority; level < LEVELS; level++) {
      ahead += waitingAt[level];
    }
    return ahead + 1;
  }

  public int waiting() {
    return waiting;
  }

  public int active() {
    return active;
  }

  public long nextSeq() {
    return next;
  }

  // ---- releases and endings --------------------------------------------------------------

  /**
   * Up to {@code max} waiting visitors in release order, without changing anything: highest
   * priority first, then by slot (join order, or the opening shuffle), or uniformly at random
   * within the priority when {@code random} is given.
   */
  public long[] pick(int max, RandomGenerator random) {
    long[] picked = new long[Math.min(max, waiting)];
    int count = 0;
    for (int level = LEVELS - 1; level >= 0 && count < picked.length; level--) {
      int take = Math.min(picked.length - count, waitingAt[level]);
      if (take == 0) {
        continue;
      }
      int[] ranks = random == null ? firstRanks(take) : randomRanks(take, waitingAt[level], random);
      for (int rank : ranks) {
        picked[count++] = seqAt(base + levels[level].select(rank));
      }
    }
    return picked;
  }

  public void markReleased(long seq, int expiresTick) {
    int at = at(seq);
    VisitorState.ofCode(states[at]).moveTo(VisitorState.RELEASED);
    addWaiting(seq, priorities[at], -1);
    states[at] = RELEASED;
    ticks[at] = expiresTick;
    active++;
  }

  public void markEnded(long seq, VisitorState to) {
    int at = at(seq);
    VisitorState from = VisitorState.ofCode(states[at]);
    from.moveTo(to);
    if (from == VisitorState.WAITING) {
      addWaiting(seq, priorities[at], -1);
    } else if (from == VisitorState.RELEASED) {
      active--;
    }
    states[at] = to.code();
  }

  /** Records a poll; a racing compaction may lose it, which costs one poll's worth of idle time. */
  public void touch(long seq, int tick) {
    int at = (int) (seq - base);
    if (at >= 0 && at < states.length && states[at] == WAITING) {
      ticks[at] = tick;
    }
  }

  /** Waiting visitors whose last poll is before {@code cutoffTick}, at most {@code max}. */
  public long[] idleBefore(int cutoffTick, int max) {
    return scan(WAITING, cutoffTick, max);
  }

  /** Released visitors whose pass expired at or before {@code nowTick}, at most {@code max}. */
  public long[] passesExpiredBy(int nowTick, int max) {
    return scan(RELEASED, nowTick + 1, max);
  }

  /**
   * How many passes end at each tick from {@code fromTick} on: {@code length} counts, the last of
   * which also holds every later one.
   */
  public int[] passEndsFrom(int fromTick, int length) {
    int[] counts = new int[length];
    int end = (int) (next - base);
    for (int at = 0; at < end; at++) {
      if (states[at] == RELEASED && ticks[at] >= fromTick) {
        counts[(int) Math.min(length - 1, (long) ticks[at] - fromTick)]++;
      }
    }
    return counts;
  }

  private long[] scan(byte state, int tickBelow, int max) {
    long[] found = new long[16];
    int count = 0;
    int end = (int) (next - base);
    for (int at = 0; at < end && count < max; at++) {
      if (states[at] == state && ticks[at] < tickBelow) {
        if (count == found.length) {
          found = Arrays.copyOf(found, found.length * 2);
        }
        found[count++] = base + at;
      }
    }
    return Arrays.copyOf(found, count);
  }

  // ---- the opening shuffle ----------------------------------------------------------------

  public Shuffle shuffle() {
    return shuffle;
  }

  /** Re-slots everyone who joined before {@code shuffle.throughSeq()}; done once per queue. */
  public void applyShuffle(Shuffle applied) {
    if (shuffle != null) {
      throw new IllegalStateException("this line was already shuffled");
    }
    shuffle = applied;
    long lowest = Math.min(base, applied.lo());
    relayout(lowest, capacityFor(next - lowest));
  }

  // ---- layout -----------------------------------------------------------------------------

  private void compact() {
    long lowest = next;
    int end = (int) (next - base);
    for (int at = 0; at < end; at++) {
      byte state = states[at];
      if (state == PENDING || state == WAITING || state == RELEASED) {
        long seq = base + at;
        lowest = Math.min(lowest, Math.min(seq, slotOf(seq)));
      }
    }
    long newBase = lowest;
    relayout(newBase, capacityFor(next - newBase + 1));
    byVisitorKey.retainValues(seq -> seq >= newBase && seq < next && isLiveAt(seq));
  }

  private boolean isLiveAt(long seq) {
    byte state = states[at(seq)];
    return state == PENDING || state == WAITING || state == RELEASED;
  }

  private void relayout(long newBase, int capacity) {
    byte[] oldStates = states;
    byte[] oldPriorities = priorities;
    int[] oldTicks = ticks;
    int[] oldJoinTicks = joinTicks;
    long oldBase = base;
    allocate(capacity);
    Arrays.fill(states, UNKNOWN);
    long from = Math.max(oldBase, newBase);
    int length = (int) (next - from);
    if (length > 0) {
      System.arraycopy(oldStates, (int) (from - oldBase), states, (int) (from - newBase), length);
      System.arraycopy(
          oldPriorities, (int) (from - oldBase), priorities, (int) (from - newBase), length);
      System.arraycopy(oldTicks, (int) (from - oldBase), ticks, (int) (from - newBase), length);
      System.arraycopy(
          oldJoinTicks, (int) (from - oldBase), joinTicks, (int) (from - newBase), length);
    }
    base = newBase;
    rebuildTrees();
  }

  private void rebuildTrees() {
    int capacity = states.length;
    int[][] counts = new int[LEVELS][];
    Arrays.fill(waitingAt, 0);
    waiting = 0;
    int end = (int) (next - base);
    for (int at = 0; at < end; at++) {
      if (states[at] == WAITING) {
        int level = priorities[at];
        if (counts[level] == null) {
          counts[level] = new int[capacity];
        }
        counts[level][slotIndex(base + at)] = 1;
        waitingAt[level]++;
        waiting++;
      }
    }
    for (int level = 0; level < LEVELS; level++) {
      levels[level] = counts[level] == null ? null : Fenwick.of(capacity, counts[level], capacity);
    }
  }

  private void addWaiting(long seq, int priority, int delta) {
    if (levels[priority] == null) {
      levels[priority] = new Fenwick(states.length);
    }
    levels[priority].add(slotIndex(seq), delta);
    waitingAt[priority] += delta;
    waiting += delta;
  }

  private void allocate(int capacity) {
    states = new byte[capacity];
    priorities = new byte[capacity];
    ticks = new int[capacity];
    joinTicks = new int[capacity];
  }

  private static int capacityFor(long span) {
    long wanted = Math.max(MIN_CAPACITY, span * 2);
    if (wanted > 1 << 30) {
      throw new IllegalStateException("a queue cannot hold more than 2^29 visitors in memory");
    }
    return Integer.highestOneBit((int) (wanted - 1)) << 1;
  }

  private int at(long seq) {
    return (int) (seq - base);
  }

  private int pending(long seq) {
    int at = at(seq);
    if (states[at] != PENDING) {
      throw new IllegalStateException("visitor " + seq + " is not being written");
    }
    return at;
  }

  private int slotIndex(long seq) {
    return (int) (slotOf(seq) - base);
  }

  private long slotOf(long seq) {
    return shuffle == null ? seq : shuffle.slotOf(seq);
  }

  private long seqAt(long slot) {
    return shuffle == null ? slot : shuffle.seqAt(slot);
  }

  private static int[] firstRanks(int count) {
    int[] ranks = new int[count];
    for (int i = 0; i < count; i++) {
      ranks[i] = i + 1;
    }
    return ranks;
  }

  /** {@code count} distinct ranks out of 1..n in random order (Floyd's algorithm, shuffled). */
  private static int[] randomRanks(int count, int n, RandomGenerator random) {
    java.util.HashSet<Integer> chosen = new java.util.HashSet<>();
    for (int j = n - count + 1; j <= n; j++) {
      int candidate = 1 + random.nextInt(j);
      chosen.add(chosen.contains(candidate) ? j : candidate);
    }
    int[] ranks = chosen.stream().mapToInt(Integer::intValue).toArray();
    for (int i = ranks.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = ranks[i];
      ranks[i] = ranks[j];
      ranks[j] = swap;
    }
    return ranks;
  }

  /**
   * The opening shuffle: sequence numbers {@code lo} (inclusive) to {@code throughSeq} (exclusive)
   * get their slots from a Fisher-Yates shuffle seeded with {@code seed}, so the same order comes
   * back after a restart.
   */
  public record Shuffle(long lo, long throughSeq, int[] slots, int[] seqs) {

    public static Shuffle of(long lo, long throughSeq, long seed) {
      int size = (int) (throughSeq - lo);
      int[] slots = new int[size];
      for (int i = 0; i < size; i++) {
        slots[i] = i;
      }
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = size - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = slots[i];
        slots[i] = slots[j];
        slots[j] = swap;
      }
      int[] seqs = new int[size];
      for (int i = 0; i < size; i++) {
        seqs[slots[i]] = i;
      }
      return new Shuffle(lo, throughSeq, slots, seqs);
    }

    long slotOf(long seq) {
      return seq >= lo && seq < throughSeq ? lo + slots[(int) (seq - lo)] : seq;
    }

    long seqAt(long slot) {
      return slot >= lo && slot < throughSeq ? lo + seqs[(int) (slot - lo)] : slot;
    }
  }
}

package dev.anteroom.waiting.line;

import dev.anteroom.waiting.VisitorState;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The in-memory picture of one queue's visitors, answering an exact position in O(log n) and who is
 * due to expire without looking at anyone who is not.
 *
 * <p>Visitors are numbered by a per-queue sequence number in join order and kept in {@link Page}s
 * of 4,096 numbers: state, priority, a tick (the last poll of a waiting visitor, or the expiry of a
 * released one's pass), the tick it joined at (so a release knows each visitor's wait without
 * asking the journal) and two links. A page is freed once everyone in it has ended, so one visitor
 * who stays for hours pins one page, not every number after it; an ended visitor whose page is
 * freed is only in the journal ({@link #isKnown} answers false).
 *
 * <p>Positions count waiting visitors over <em>slots</em> ({@link SlotCounts}, one bitset per level
 * and page and a Fenwick tree over pages): the slot is the sequence number, except for visitors who
 * joined before a scheduled opening, whose slots are a seeded shuffle of theirs. Position is then 1
 * + everyone waiting at a higher priority + those at the same priority in earlier slots.
 *
 * <p>Expiry is by deadline ({@link DeadlineBuckets}): each waiting visitor is filed under the tick
 * of its last poll as of filing, and each released one under its pass expiry. An idle sweep looks
 * only at the buckets before its cutoff; a visitor found there who has polled since is refiled
 * under its newer tick, so a polling visitor is looked at about once per idle timeout and a poll
 * stays a single write of its tick.
 *
 * <p>Not thread-safe: {@link WaitingLine} guards it. {@link #touch}, {@link #idleBefore} and the
 * other reads may run together under a read lock: a touch writes only its own tick, and an idle
 * sweep, which moves visitors between its buckets, serializes itself against other sweeps.
 */
public final class LineIndex {

  public static final int LEVELS = 10;

  /** The smallest capacity the unpaged index started with; the paged index sizes nothing by it. */
  public static final int MIN_CAPACITY = 1024;

  /** 4,096 sequence numbers a page: about 106 KB of visitor data, freed as a whole. */
  static final int PAGE_BITS = 12;

  /** Reserved by a join whose row is not committed yet. */
  private static final byte PENDING = 0;

  /** Not in memory: a join that failed, or a visitor that ended before a rebuild. */
  private static final byte UNKNOWN = -1;

  private static final byte WAITING = VisitorState.WAITING.code();
  private static final byte RELEASED = VisitorState.RELEASED.code();

  private final Pages pages;
  private final SlotCounts slots;

  /** Waiting visitors by the tick of their last poll when they were filed. */
  private final DeadlineBuckets idle;

  /** Released visitors by the tick their pass expires. */
  private final DeadlineBuckets passes;

  private final TickCounts passEnds = new TickCounts();
  private final LongLongMap byVisitorKey = new LongLongMap();
  private final int[] waitingAt = new int[LEVELS];
  private int waiting;
  private int active;
  private long next;
  private Shuffle shuffle;

  /** Whether the shuffle's tables still slot someone live; once not, every slot is its seq. */
  private boolean shuffling;

  private long liveShuffled;

  /** The lowest page with someone waiting (Long.MAX_VALUE if none): where the oldest is. */
  private long oldestWaitingPage = Long.MAX_VALUE;

  /** An empty line whose first visitor gets {@code firstSeq}. */
  public LineIndex(long firstSeq) {
    this(firstSeq, PAGE_BITS);
  }

  /** An empty line with pages of {@code 2^pageBits} numbers: small pages let tests free many. */
  LineIndex(long firstSeq, int pageBits) {
    if (firstSeq < 0) {
      throw new IllegalArgumentException("sequence numbers start at 0 or above: " + firstSeq);
    }
    if (pageBits < 1 || pageBits > 20) {
      throw new IllegalArgumentException("pages hold 2^1 to 2^20 visitors: 2^" + pageBits);
    }
    this.next = firstSeq;
    this.pages = new Pages(pageBits, UNKNOWN);
    this.slots = new SlotCounts(pageBits, LEVELS);
    this.idle = new DeadlineBuckets(pages);
    this.passes = new DeadlineBuckets(pages);
  }

  /**
   * A line rebuilt from durable rows, given in sequence order; {@code next} is one past the highest
   * sequence number ever used.
   */
  public static LineIndex rebuild(LiveRows rows, Shuffle shuffle, long next) {
    return rebuild(rows, shuffle, next, PAGE_BITS);
  }

  static LineIndex rebuild(LiveRows rows, Shuffle shuffle, long next, int pageBits) {
    LineIndex index = new LineIndex(next, pageBits);
    index.shuffle = shuffle;
    index.shuffling = shuffle != null;
    for (int i = 0; i < rows.size(); i++) {
      long seq = rows.seq(i);
      if (seq < 0 || seq >= next) {
        throw new IllegalArgumentException("visitor " + seq + " is outside 0.." + (next - 1));
      }
      Page page = index.pages.findOrAllocate(seq);
      int at = index.pages.offset(seq);
      byte state = rows.state(i);
      page.states[at] = state;
      page.priorities[at] = rows.priority(i);
      page.ticks[at] = rows.tick(i);
      page.joinTicks[at] = rows.joinTick(i);
      page.live++;
      if (rows.keyHash(i) != 0) {
        page.keyHash(at, rows.keyHash(i));
        index.byVisitorKey.put(rows.keyHash(i), seq);
      }
      if (index.inShuffle(seq)) {
        index.liveShuffled++;
      }
      if (state == RELEASED) {
        index.active++;
        index.passes.file(seq, rows.tick(i));
        index.passEnds.add(rows.tick(i), 1);
      } else {
        page.waiting++;
        index.slots.addQuietly(index.slotOf(seq), rows.priority(i));
        index.waitingAt[rows.priority(i)]++;
        index.waiting++;
        index.idle.file(seq, spreadOnRebuild(seq, rows.tick(i)));
        index.oldestWaitingPage = Math.min(index.oldestWaitingPage, index.pages.pageNoOf(seq));
      }
    }
    index.slots.rebuildTrees();
    index.spendShuffleIfDone();
    return index;
  }

  /**
   * A rebuild gets every waiting visitor with the same tick (a restart starts the idle clock
   * again), which would bring the whole line due in one sweep a timeout later. Filing a visitor up
   * to seven seconds earlier than its tick is safe (it is only looked at sooner, and refiled under
   * its last poll then), and splits that first look into eight smaller sweeps.
   */
  private static int spreadOnRebuild(long seq, int tick) {
    return (int) Math.max(Integer.MIN_VALUE, (long) tick - (seq & 7));
  }

  // ---- joins ----------------------------------------------------------------------------

  /** A sequence number for a new visitor, in PENDING state until {@link #commit} or abandon. */
  public long reserve(long keyHash) {
    long seq = next;
    Page page = pages.findOrAllocate(seq);
    next++;
    int at = pages.offset(seq);
    page.states[at] = PENDING;
    page.live++;
    if (inShuffle(seq)) {
      liveShuffled++;
    }
    if (keyHash != 0) {
      page.keyHash(at, keyHash);
      byVisitorKey.put(keyHash, seq);
    }
    return seq;
  }

  /**
   * The live visitor (waiting, released, or still being written) holding this visitor key, or -1.
   */
  public long findLive(long keyHash) {
    long seq = byVisitorKey.get(keyHash);
    if (seq == LongLongMap.MISSING || seq < 0 || seq >= next) {
      return -1;
    }
    Page page = pages.find(seq);
    if (page == null) {
      return -1;
    }
    byte state = page.stateAt(pages.offset(seq));
    return state == PENDING || state == WAITING || state == RELEASED ? seq : -1;
  }

  public void commitWaiting(long seq, int priority, int tick) {
    Page page = pending(seq);
    int at = pages.offset(seq);
    page.states[at] = WAITING;
    page.priorities[at] = (byte) priority;
    page.ticks[at] = tick;
    page.joinTicks[at] = tick;
    startWaiting(page, seq, priority);
  }

  public void commitReleased(long seq, int priority, int expiresTick) {
    Page page = pending(seq);
    int at = pages.offset(seq);
    page.states[at] = RELEASED;
    page.priorities[at] = (byte) priority;
    startPass(page, seq, expiresTick);
  }

  /** The join's row was never written: the number stays unused. */
  public void abandon(long seq) {
    Page page = pending(seq);
    page.states[pages.offset(seq)] = UNKNOWN;
    leave(page, seq);
  }

  // ---- reads ------------------------------------------------------------------------------

  /** Whether the index knows this visitor; if not, the journal does (or nobody). */
  public boolean isKnown(long seq) {
    if (seq >= next) {
      return false;
    }
    Page page = pages.find(seq);
    return page != null && page.stateAt(pages.offset(seq)) > PENDING;
  }

  public VisitorState state(long seq) {
    return VisitorState.ofCode(pages.find(seq).states[pages.offset(seq)]);
  }

  public int priority(long seq) {
    return pages.find(seq).priorities[pages.offset(seq)];
  }

  public int tick(long seq) {
    return pages.find(seq).ticks[pages.offset(seq)];
  }

  /** The tick the visitor joined at (the rebuild's tick for a visitor released before it). */
  public int joinTick(long seq) {
    return pages.find(seq).joinTicks[pages.offset(seq)];
  }

  /** The join tick of the waiting visitor with the lowest sequence number, or -1 if none waits. */
  public OptionalJoin oldestWaiting() {
    long pageNo = oldestWaitingPage;
    if (pageNo != Long.MAX_VALUE) {
      Page page = pages.find(pages.firstSeqOf(pageNo));
      for (int at = 0; at < page.states.length; at++) {
        if (page.states[at] == WAITING) {
          return new OptionalJoin(true, page.joinTicks[at]);
        }
      }
    }
    return new OptionalJoin(false, 0);
  }

  /** A join tick that may be absent. */
  public record OptionalJoin(boolean present, int joinTick) {}

  /** 1 + the visitors waiting ahead: higher priority, or the same priority in an earlier slot. */
  public int position(long seq) {
    int priority = pages.find(seq).priorities[pages.offset(seq)];
    int ahead = 0;
    for (int level = priority + 1; level < LEVELS; level++) {
      ahead += waitingAt[level];
    }
    return ahead + slots.countBefore(slotOf(seq), priority) + 1;
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

  /** Pages of visitors and of slots held in memory: what the line costs, for tests and benches. */
  int pagesHeld() {
    return pages.pagesHeld() + slots.pagesHeld();
  }

  /** Visitor keys held, for tests: the map must follow the live visitors too. */
  int keysHeld() {
    return byVisitorKey.size();
  }

  /** How many times idle sweeps have looked at a waiting visitor, for tests that bound it. */
  long idleLooks() {
    return idle.shown();
  }

  // ---- releases and endings --------------------------------------------------------------

  /**
   * Up to {@code max} waiting visitors in release order, without changing anything: highest
   * priority first, then by slot (join order, or the opening shuffle), or uniformly at random
   * within the priority when {@code random} is given.
   */
  public long[] pick(int max, RandomGenerator random) {
    long[] picked = new long[Math.max(0, Math.min(max, waiting))];
    int count = 0;
    for (int level = LEVELS - 1; level >= 0 && count < picked.length; level--) {
      int take = Math.min(picked.length - count, waitingAt[level]);
      if (take == 0) {
        continue;
      }
      int[] ranks = random == null ? firstRanks(take) : randomRanks(take, waitingAt[level], random);
      for (int rank : ranks) {
        picked[count++] = seqAt(slots.select(level, rank));
      }
    }
    return picked;
  }

  public void markReleased(long seq, int expiresTick) {
    Page page = pages.find(seq);
    int at = pages.offset(seq);
    VisitorState.ofCode(page.states[at]).moveTo(VisitorState.RELEASED);
    stopWaiting(page, seq);
    page.states[at] = RELEASED;
    startPass(page, seq, expiresTick);
  }

  /** Ends a waiting or released visitor; a release goes through {@link #markReleased}. */
  public void markEnded(long seq, VisitorState to) {
    Page page = pages.find(seq);
    int at = pages.offset(seq);
    VisitorState from = VisitorState.ofCode(page.states[at]);
    from.moveTo(to);
    if (!to.isFinal()) {
      throw new IllegalArgumentException("a release sets the pass expiry: use markReleased");
    }
    if (from == VisitorState.WAITING) {
      stopWaiting(page, seq);
    } else if (from == VisitorState.RELEASED) {
      active--;
      passes.unfile(seq);
      passEnds.add(page.ticks[at], -1);
    }
    page.states[at] = to.code();
    leave(page, seq);
  }

  /**
   * Records a poll. A tick never moves back (a poll answered late by a slower thread keeps the
   * newer one), which is what lets the idle buckets file a visitor no later than its tick.
   */
  public void touch(long seq, int tick) {
    Page page = pages.find(seq);
    if (page != null) {
      int at = pages.offset(seq);
      if (page.stateAt(at) == WAITING && tick > page.ticks[at]) {
        page.ticks[at] = tick;
      }
    }
  }

  /**
   * Waiting visitors whose last poll is before {@code cutoffTick}, at most {@code max}, earliest
   * filed first. Looks only at visitors filed before the cutoff and refiles those who polled since
   * under their newer tick; callers hold a lock that keeps writers out.
   */
  public long[] idleBefore(int cutoffTick, int max) {
    synchronized (idle) {
      if (max <= 0 || idle.noneBefore(cutoffTick)) {
        return new long[0];
      }
      Found found = new Found(max);
      idle.sweep(
          cutoffTick,
          (seq, page, at) -> {
            if (found.full()) {
              return DeadlineBuckets.STOP;
            }
            int tick = page.ticks[at];
            if (tick < cutoffTick) {
              found.add(seq);
              return DeadlineBuckets.KEEP;
            }
            return tick;
          });
      return found.seqs();
    }
  }

  /** Released visitors whose pass expired at or before {@code nowTick}, at most {@code max}. */
  public long[] passesExpiredBy(int nowTick, int max) {
    long tickBelow = (long) nowTick + 1;
    if (max <= 0 || passes.noneBefore(tickBelow)) {
      return new long[0];
    }
    Found found = new Found(max);
    passes.sweep(
        tickBelow,
        (seq, page, at) -> {
          if (found.full()) {
            return DeadlineBuckets.STOP;
          }
          found.add(seq);
          return DeadlineBuckets.KEEP;
        });
    return found.seqs();
  }

  /**
   * How many passes end at each tick from {@code fromTick} on: {@code length} counts, the last of
   * which also holds every later one.
   */
  public int[] passEndsFrom(int fromTick, int length) {
    return passEnds.from(fromTick, length);
  }

  // ---- the opening shuffle ----------------------------------------------------------------

  public Shuffle shuffle() {
    return shuffle;
  }

  /**
   * Re-slots everyone who joined before {@code shuffle.throughSeq()}; done once per queue, and the
   * one step that counts every waiting visitor again.
   */
  public void applyShuffle(Shuffle applied) {
    if (shuffle != null) {
      throw new IllegalStateException("this line was already shuffled");
    }
    shuffle = applied;
    shuffling = true;
    slots.clear();
    liveShuffled = 0;
    for (int index = 0; index < pages.capacity(); index++) {
      Page page = pages.at(index);
      if (page == null) {
        continue;
      }
      long first = pages.firstSeqAt(index);
      for (int at = 0; at < page.states.length; at++) {
        byte state = page.states[at];
        if (state == PENDING || state == WAITING || state == RELEASED) {
          long seq = first + at;
          if (inShuffle(seq)) {
            liveShuffled++;
          }
          if (state == WAITING) {
            slots.addQuietly(slotOf(seq), page.priorities[at]);
          }
        }
      }
    }
    slots.rebuildTrees();
    spendShuffleIfDone();
  }

  // ---- internals --------------------------------------------------------------------------

  private void startWaiting(Page page, long seq, int priority) {
    slots.add(slotOf(seq), priority, 1);
    waitingAt[priority]++;
    waiting++;
    page.waiting++;
    idle.file(seq, page.ticks[pages.offset(seq)]);
    oldestWaitingPage = Math.min(oldestWaitingPage, pages.pageNoOf(seq));
  }

  private void stopWaiting(Page page, long seq) {
    int priority = page.priorities[pages.offset(seq)];
    slots.add(slotOf(seq), priority, -1);
    waitingAt[priority]--;
    waiting--;
    idle.unfile(seq);
    page.waiting--;
    if (page.waiting == 0 && pages.pageNoOf(seq) == oldestWaitingPage) {
      oldestWaitingPage = pages.firstWaitingFrom(oldestWaitingPage + 1);
    }
  }

  private void startPass(Page page, long seq, int expiresTick) {
    page.ticks[pages.offset(seq)] = expiresTick;
    active++;
    passes.file(seq, expiresTick);
    passEnds.add(expiresTick, 1);
  }

  /** The visitor is no longer live: forget its key, and its page once nobody in it is live. */
  private void leave(Page page, long seq) {
    int at = pages.offset(seq);
    long keyHash = page.keyHash(at);
    if (keyHash != 0) {
      byVisitorKey.remove(keyHash, seq);
    }
    page.live--;
    if (inShuffle(seq)) {
      liveShuffled--;
      spendShuffleIfDone();
    }
    pages.freeIfEnded(seq, next);
  }

  /**
   * Once everyone the shuffle slots has ended (and no number in its range is still to come), slots
   * are sequence numbers again and the shuffle's tables, eight bytes per early arrival, can go.
   */
  private void spendShuffleIfDone() {
    if (shuffling && liveShuffled == 0 && next >= shuffle.throughSeq()) {
      shuffling = false;
      shuffle = shuffle.spent();
    }
  }

  private boolean inShuffle(long seq) {
    return shuffling && seq >= shuffle.lo() && seq < shuffle.throughSeq();
  }

  private Page pending(long seq) {
    Page page = seq < next ? pages.find(seq) : null;
    if (page == null || page.stateAt(pages.offset(seq)) != PENDING) {
      throw new IllegalStateException("visitor " + seq + " is not being written");
    }
    return page;
  }

  private long slotOf(long seq) {
    return shuffling ? shuffle.slotOf(seq) : seq;
  }

  private long seqAt(long slot) {
    return shuffling ? shuffle.seqAt(slot) : slot;
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

  /** Sequence numbers gathered by a sweep, up to a limit. */
  private static final class Found {
    private final int max;
    private long[] seqs = new long[16];
    private int count;

    Found(int max) {
      this.max = max;
    }

    boolean full() {
      return count == max;
    }

    void add(long seq) {
      if (count == seqs.length) {
        seqs = Arrays.copyOf(seqs, (int) Math.min((long) seqs.length * 2, Integer.MAX_VALUE - 8));
      }
      seqs[count++] = seq;
    }

    long[] seqs() {
      return Arrays.copyOf(seqs, count);
    }
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

    /**
     * This shuffle without its tables, for a line where nobody it slots is live any more: the range
     * stays on record, and every number then keeps its own slot.
     */
    public Shuffle spent() {
      return new Shuffle(lo, throughSeq, new int[0], new int[0]);
    }

    long slotOf(long seq) {
      long i = seq - lo;
      return i >= 0 && i < slots.length ? lo + slots[(int) i] : seq;
    }

    long seqAt(long slot) {
      long i = slot - lo;
      return i >= 0 && i < seqs.length ? lo + seqs[(int) i] : slot;
    }
  }
}

package dev.anteroom.waiting.line;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.waiting.VisitorState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The paged line with its deadline buckets against a brute-force model, under random joins (some
 * held pending across steps), polls (some late, some for visitors long gone), releases in order and
 * at random, cancels, completions, idle and pass sweeps as the store runs them, time moving on, the
 * opening shuffle (its range sometimes reaching past the last number handed out) and rebuilds.
 * Pages are tiny (2 to 64 numbers, and sometimes the real 4,096), so pages are freed and new ones
 * taken all the time, and a few visitors stay for the whole run to pin theirs. After each step the
 * model checks every position, pick, sweep answer and count, the oldest waiting visitor, the passes
 * ending per tick, which ended visitors have left memory, and the pages held.
 */
class LineIndexDeadlinePropertyTest {

  private static final int[] PAGE_BITS = {1, 2, 3, 4, 6, LineIndex.PAGE_BITS};

  static IntStream seeds() {
    return IntStream.range(0, 1200);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void sweeps_picks_and_positions_match_a_brute_force_model(int seed) {
    Random random = new Random(seed);
    int pageBits = PAGE_BITS[seed % PAGE_BITS.length];
    boolean large = seed % 60 == 0;
    int steps = large ? 5000 : 60 + random.nextInt(400);
    Run run = new Run(random, pageBits, 1 + random.nextInt(seed % 3 == 0 ? 10 : 3), seed);

    for (int step = 0; step < steps; step++) {
      run.step();
      if (!large || step % 97 == 0) {
        run.check();
      }
    }
    run.settlePending();
    run.check();
    run.rebuild();
    run.check();
  }

  /** One random run: the index, the model and the operations on both. */
  private static final class Run {
    final Random random;
    final int pageBits;
    final int priorities;
    final long seed;
    final Model model = new Model();
    final List<Visitor> pending = new ArrayList<>();
    LineIndex index;
    int now = 1_000;

    Run(Random random, int pageBits, int priorities, long seed) {
      this.random = random;
      this.pageBits = pageBits;
      this.priorities = priorities;
      this.seed = seed;
      this.index = new LineIndex(1, pageBits);
    }

    void step() {
      int op = random.nextInt(100);
      if (op < 34) {
        join();
      } else if (op < 38) {
        reserve();
      } else if (op < 41) {
        settlePending();
      } else if (op < 48) {
        end(VisitorState.WAITING, VisitorState.CANCELLED);
      } else if (op < 51) {
        end(VisitorState.RELEASED, VisitorState.EXPIRED);
      } else if (op < 60) {
        releaseInOrder(1 + random.nextInt(5));
      } else if (op < 63) {
        releaseAtRandom(1 + random.nextInt(5));
      } else if (op < 75) {
        touchSomeoneWaiting();
      } else if (op < 77) {
        touchAnyNumber();
      } else if (op < 84) {
        now += random.nextInt(11);
      } else if (op < 91) {
        sweepIdle();
      } else if (op < 96) {
        sweepPasses();
      } else if (op < 98) {
        shuffleOnce();
      } else {
        rebuild();
      }
    }

    void join() {
      String key = random.nextInt(4) == 0 ? "k" + random.nextInt(40) : null;
      long hash = hashOf(key);
      if (hash != 0 && index.findLive(hash) >= 0) {
        assertThat(index.findLive(hash)).isEqualTo(model.byKey.get(key));
        return;
      }
      Visitor visitor = new Visitor(index.reserve(hash), random.nextInt(priorities), key);
      boolean sticky = random.nextInt(50) == 0;
      if (sticky || random.nextInt(10) == 0) {
        // A sticky visitor holds a pass that outlasts the run, pinning its page throughout.
        int expires = sticky ? Integer.MAX_VALUE - 1 : now + 1 + random.nextInt(60);
        index.commitReleased(visitor.seq, visitor.priority, expires);
        visitor.state = VisitorState.RELEASED;
        visitor.tick = expires;
        visitor.sticky = sticky;
      } else {
        index.commitWaiting(visitor.seq, visitor.priority, now);
        visitor.state = VisitorState.WAITING;
        visitor.tick = now;
        visitor.joinTick = now;
      }
      model.add(visitor);
    }

    /** A join whose row is still being written: live for its key, unknown to reads. */
    void reserve() {
      String key = random.nextInt(3) == 0 ? "p" + random.nextInt(10) : null;
      long hash = hashOf(key);
      if (hash != 0 && index.findLive(hash) >= 0) {
        return;
      }
      Visitor visitor = new Visitor(index.reserve(hash), random.nextInt(priorities), key);
      model.add(visitor);
      pending.add(visitor);
    }

    void settlePending() {
      for (Visitor visitor : pending) {
        if (random.nextBoolean()) {
          index.commitWaiting(visitor.seq, visitor.priority, now);
          visitor.state = VisitorState.WAITING;
          visitor.tick = now;
          visitor.joinTick = now;
        } else {
          index.abandon(visitor.seq);
          visitor.abandoned = true;
        }
      }
      pending.clear();
    }

    void end(VisitorState from, VisitorState to) {
      List<Visitor> candidates = model.in(from).stream().filter(v -> !v.sticky).toList();
      if (!candidates.isEmpty()) {
        Visitor visitor = candidates.get(random.nextInt(candidates.size()));
        index.markEnded(visitor.seq, to);
        visitor.state = to;
      }
    }

    void releaseInOrder(int max) {
      long[] expected = model.waitingInOrder().stream().limit(max).mapToLong(v -> v.seq).toArray();
      long[] picked = index.pick(max, null);
      assertThat(picked).containsExactly(expected);
      release(picked);
    }

    void releaseAtRandom(int max) {
      List<Visitor> order = model.waitingInOrder();
      long[] picked = index.pick(max, new SplittableRandom(random.nextLong()));
      assertThat(picked).hasSize(Math.min(max, order.size())).doesNotHaveDuplicates();
      int[] levels =
          Arrays.stream(picked).mapToInt(seq -> model.bySeq.get(seq).priority).sorted().toArray();
      int[] expected =
          order.stream().limit(picked.length).mapToInt(v -> v.priority).sorted().toArray();
      assertThat(levels).as("picks come from the highest priorities").containsExactly(expected);
      for (long seq : picked) {
        assertThat(model.bySeq.get(seq).state).isEqualTo(VisitorState.WAITING);
      }
      release(picked);
    }

    private void release(long[] picked) {
      for (long seq : picked) {
        int expires = now + random.nextInt(60);
        index.markReleased(seq, expires);
        Visitor visitor = model.bySeq.get(seq);
        visitor.state = VisitorState.RELEASED;
        visitor.tick = expires;
      }
    }

    /** A poll, sometimes answered late with an older tick, which must not move the tick back. */
    void touchSomeoneWaiting() {
      List<Visitor> waiting = model.in(VisitorState.WAITING);
      if (!waiting.isEmpty()) {
        Visitor visitor = waiting.get(random.nextInt(waiting.size()));
        int tick = now - (random.nextInt(4) == 0 ? random.nextInt(8) : 0);
        index.touch(visitor.seq, tick);
        visitor.tick = Math.max(visitor.tick, tick);
      }
    }

    /** A poll of any number, live or not: only a waiting visitor's tick may change. */
    void touchAnyNumber() {
      long seq = random.nextInt((int) index.nextSeq() + 3);
      index.touch(seq, now);
      Visitor visitor = model.bySeq.get(seq);
      if (visitor != null && visitor.state == VisitorState.WAITING) {
        visitor.tick = Math.max(visitor.tick, now);
      }
    }

    /** As the store sweeps: answers checked, then most of them expired (some left for later). */
    void sweepIdle() {
      int cutoff = now - random.nextInt(16);
      int max = random.nextInt(3) == 0 ? Integer.MAX_VALUE : 1 + random.nextInt(8);
      long[] idle = index.idleBefore(cutoff, max);
      Set<Long> expected = new HashSet<>();
      for (Visitor visitor : model.in(VisitorState.WAITING)) {
        if (visitor.tick < cutoff) {
          expected.add(visitor.seq);
        }
      }
      assertThat(idle).doesNotHaveDuplicates().hasSize(Math.min(max, expected.size()));
      assertThat(Arrays.stream(idle).boxed().toList()).isSubsetOf(expected);
      for (long seq : idle) {
        if (random.nextInt(5) != 0) {
          index.markEnded(seq, VisitorState.EXPIRED);
          model.bySeq.get(seq).state = VisitorState.EXPIRED;
        }
      }
    }

    void sweepPasses() {
      int max = random.nextInt(3) == 0 ? Integer.MAX_VALUE : 1 + random.nextInt(8);
      long[] expired = index.passesExpiredBy(now, max);
      Set<Long> expected = new HashSet<>();
      for (Visitor visitor : model.in(VisitorState.RELEASED)) {
        if (visitor.tick <= now) {
          expected.add(visitor.seq);
        }
      }
      assertThat(expired).doesNotHaveDuplicates().hasSize(Math.min(max, expected.size()));
      assertThat(Arrays.stream(expired).boxed().toList()).isSubsetOf(expected);
      for (long seq : expired) {
        index.markEnded(seq, VisitorState.EXPIRED);
        model.bySeq.get(seq).state = VisitorState.EXPIRED;
      }
    }

    void shuffleOnce() {
      if (model.shuffle == null) {
        long through = index.nextSeq() + (random.nextInt(3) == 0 ? random.nextInt(6) : 0);
        LineIndex.Shuffle shuffle = LineIndex.Shuffle.of(1, through, seed);
        index.applyShuffle(shuffle);
        model.shuffle = shuffle;
      }
    }

    /** A restart: the durable rows (with the model's ticks, so that sweeps stay comparable). */
    void rebuild() {
      settlePending();
      LiveRows rows = new LiveRows();
      model.all.stream()
          .filter(v -> v.isLive() && !v.abandoned)
          .sorted(Comparator.comparingLong(v -> v.seq))
          .forEach(v -> rows.add(v.seq, v.state, v.priority, v.tick, v.joinTick, hashOf(v.key)));
      index = LineIndex.rebuild(rows, model.shuffle, index.nextSeq(), pageBits);
    }

    void check() {
      List<Visitor> order = model.waitingInOrder();
      for (int i = 0; i < order.size(); i++) {
        Visitor visitor = order.get(i);
        assertThat(index.state(visitor.seq)).isEqualTo(VisitorState.WAITING);
        assertThat(index.position(visitor.seq)).as("position of %d", visitor.seq).isEqualTo(i + 1);
        assertThat(index.tick(visitor.seq)).isEqualTo(visitor.tick);
        assertThat(index.joinTick(visitor.seq)).isEqualTo(visitor.joinTick);
      }
      assertThat(index.waiting()).isEqualTo(order.size());
      assertThat(index.active()).isEqualTo(model.in(VisitorState.RELEASED).size());
      for (int p = 0; p < priorities; p++) {
        int level = p;
        long atOrAbove = order.stream().filter(v -> v.priority >= level).count();
        assertThat(index.positionOfNewcomer(p)).isEqualTo(atOrAbove + 1);
      }
      checkMemory();
      checkKeys();
      checkOldest();
      checkPassEnds();
    }

    /** Live visitors are known; an ended one whose page has nobody live left is not. */
    private void checkMemory() {
      Map<Long, Integer> livePerPage = new HashMap<>();
      Set<Long> slotPages = new HashSet<>();
      for (Visitor visitor : model.all) {
        if (visitor.isLive()) {
          livePerPage.merge(visitor.seq >> pageBits, 1, Integer::sum);
        }
        if (visitor.state == VisitorState.WAITING) {
          slotPages.add(model.slotOf(visitor.seq) >> pageBits);
        }
      }
      for (Visitor visitor : model.all) {
        if (visitor.state == VisitorState.RELEASED) {
          assertThat(index.isKnown(visitor.seq)).isTrue();
          assertThat(index.state(visitor.seq)).isEqualTo(VisitorState.RELEASED);
          assertThat(index.tick(visitor.seq)).isEqualTo(visitor.tick);
        } else if (visitor.state == null) {
          assertThat(index.isKnown(visitor.seq)).as("pending or abandoned").isFalse();
        } else if (index.isKnown(visitor.seq)) {
          assertThat(index.state(visitor.seq)).isEqualTo(visitor.state);
        }
        long page = visitor.seq >> pageBits;
        boolean pageComplete = (page + 1) << pageBits <= index.nextSeq();
        if (!visitor.isLive() && pageComplete && !livePerPage.containsKey(page)) {
          assertThat(index.isKnown(visitor.seq)).as("%d's page is freed", visitor.seq).isFalse();
        }
      }
      int floor = livePerPage.size() + slotPages.size();
      assertThat(index.pagesHeld()).isBetween(floor, floor + 1);
    }

    private void checkKeys() {
      model.byKey.forEach(
          (key, seq) -> {
            Visitor visitor = model.bySeq.get(seq);
            boolean live = visitor.isLive() && !visitor.abandoned;
            assertThat(index.findLive(hashOf(key))).as("key %s", key).isEqualTo(live ? seq : -1);
          });
    }

    private void checkOldest() {
      Visitor oldest =
          model.in(VisitorState.WAITING).stream()
              .min(Comparator.comparingLong(v -> v.seq))
              .orElse(null);
      LineIndex.OptionalJoin answer = index.oldestWaiting();
      assertThat(answer.present()).isEqualTo(oldest != null);
      if (oldest != null) {
        assertThat(answer.joinTick()).isEqualTo(oldest.joinTick);
      }
    }

    private void checkPassEnds() {
      int from = now - random.nextInt(5);
      int length = 1 + random.nextInt(80);
      int[] expected = new int[length];
      for (Visitor visitor : model.in(VisitorState.RELEASED)) {
        if (visitor.tick >= from) {
          expected[(int) Math.min(length - 1, (long) visitor.tick - from)]++;
        }
      }
      assertThat(index.passEndsFrom(from, length)).containsExactly(expected);
    }
  }

  private static long hashOf(String key) {
    return key == null ? 0 : key.hashCode() + 1L;
  }

  private static final class Visitor {
    final long seq;
    final int priority;
    final String key;

    /** Null while the join is pending (and for good once abandoned). */
    VisitorState state;

    int tick;
    int joinTick;
    boolean sticky;
    boolean abandoned;

    Visitor(long seq, int priority, String key) {
      this.seq = seq;
      this.priority = priority;
      this.key = key;
    }

    boolean isLive() {
      return !abandoned && (state == null || !state.isFinal());
    }
  }

  private static final class Model {
    final List<Visitor> all = new ArrayList<>();
    final Map<Long, Visitor> bySeq = new HashMap<>();
    final Map<String, Long> byKey = new HashMap<>();
    LineIndex.Shuffle shuffle;

    void add(Visitor visitor) {
      all.add(visitor);
      bySeq.put(visitor.seq, visitor);
      if (visitor.key != null) {
        byKey.put(visitor.key, visitor.seq);
      }
    }

    List<Visitor> in(VisitorState state) {
      return all.stream().filter(v -> v.state == state).toList();
    }

    long slotOf(long seq) {
      return shuffle == null ? seq : shuffle.slotOf(seq);
    }

    List<Visitor> waitingInOrder() {
      return in(VisitorState.WAITING).stream()
          .sorted(
              Comparator.<Visitor>comparingInt(v -> -v.priority)
                  .thenComparingLong(v -> slotOf(v.seq)))
          .toList();
    }
  }
}

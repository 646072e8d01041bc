package dev.anteroom.waiting.line;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.waiting.VisitorState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact positions under random sequences of joins, priorities, cancels, expiries, releases, the
 * opening shuffle, compactions and rebuilds, each step checked against a brute-force model: a plain
 * list sorted by (priority descending, slot ascending).
 */
class LineIndexPropertyTest {

  static IntStream seeds() {
    return IntStream.range(0, 2000);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void positions_match_a_brute_force_model(int seed) {
    Random random = new Random(seed);
    boolean large = seed % 50 == 0;
    int steps = large ? 6000 : 40 + random.nextInt(160);
    int priorities = 1 + random.nextInt(seed % 3 == 0 ? 10 : 3);
    Model model = new Model();
    LineIndex index = new LineIndex(1);
    boolean shuffled = false;

    for (int step = 0; step < steps; step++) {
      int op = random.nextInt(100);
      if (op < 55) {
        String key = random.nextInt(4) == 0 ? "k" + random.nextInt(30) : null;
        join(index, model, key, random.nextInt(priorities), random.nextInt(10) == 0, step);
      } else if (op < 60) {
        long seq = index.reserve(0);
        index.abandon(seq);
      } else if (op < 70) {
        end(index, model, random, VisitorState.WAITING, VisitorState.CANCELLED);
      } else if (op < 78) {
        end(index, model, random, VisitorState.WAITING, VisitorState.EXPIRED);
      } else if (op < 82) {
        end(index, model, random, VisitorState.RELEASED, VisitorState.EXPIRED);
      } else if (op < 97) {
        release(index, model, 1 + random.nextInt(large ? 40 : 4));
      } else if (!shuffled && op < 99) {
        LineIndex.Shuffle shuffle = LineIndex.Shuffle.of(1, index.nextSeq(), seed);
        index.applyShuffle(shuffle);
        model.shuffle = shuffle;
        shuffled = true;
      } else {
        index = rebuild(index, model);
      }
      if (!large || step % 97 == 0) {
        check(index, model, priorities);
      }
    }
    check(index, model, priorities);
    check(rebuild(index, model), model, priorities);
  }

  private static void join(
      LineIndex index, Model model, String key, int priority, boolean released, int tick) {
    long hash = key == null ? 0 : key.hashCode() + 1L;
    if (hash != 0 && index.findLive(hash) >= 0) {
      long existing = index.findLive(hash);
      assertThat(model.byKey.get(key)).isEqualTo(existing);
      return;
    }
    long seq = index.reserve(hash);
    Visitor visitor = new Visitor(seq, priority, key);
    if (released) {
      index.commitReleased(seq, priority, tick + 100);
      visitor.state = VisitorState.RELEASED;
    } else {
      index.commitWaiting(seq, priority, tick);
    }
    model.add(visitor);
  }

  private static void end(
      LineIndex index, Model model, Random random, VisitorState from, VisitorState to) {
    List<Visitor> candidates = model.in(from);
    if (candidates.isEmpty()) {
      return;
    }
    Visitor visitor = candidates.get(random.nextInt(candidates.size()));
    index.markEnded(visitor.seq, to);
    visitor.state = to;
  }

  private static void release(LineIndex index, Model model, int max) {
    List<Long> expected = model.waitingInOrder().stream().limit(max).map(v -> v.seq).toList();
    long[] picked = index.pick(max, null);
    assertThat(picked).containsExactly(expected.stream().mapToLong(Long::longValue).toArray());
    for (long seq : picked) {
      index.markReleased(seq, 0);
      model.bySeq.get(seq).state = VisitorState.RELEASED;
    }
  }

  private static LineIndex rebuild(LineIndex index, Model model) {
    LiveRows rows = new LiveRows();
    model.all.stream()
        .filter(v -> v.state == VisitorState.WAITING || v.state == VisitorState.RELEASED)
        .sorted(Comparator.comparingLong(v -> v.seq))
        .forEach(
            v ->
                rows.add(v.seq, v.state, v.priority, 0, v.key == null ? 0 : v.key.hashCode() + 1L));
    return LineIndex.rebuild(rows, model.shuffle, index.nextSeq());
  }

  private static void check(LineIndex index, Model model, int priorities) {
    List<Visitor> order = model.waitingInOrder();
    for (int i = 0; i < order.size(); i++) {
      Visitor visitor = order.get(i);
      assertThat(index.state(visitor.seq)).isEqualTo(VisitorState.WAITING);
      assertThat(index.position(visitor.seq)).as("position of %d", visitor.seq).isEqualTo(i + 1);
    }
    assertThat(index.waiting()).isEqualTo(order.size());
    assertThat(index.active()).isEqualTo(model.in(VisitorState.RELEASED).size());
    for (int p = 0; p < priorities; p++) {
      int level = p;
      long atOrAbove = order.stream().filter(v -> v.priority >= level).count();
      assertThat(index.positionOfNewcomer(p)).isEqualTo(atOrAbove + 1);
    }
    for (Visitor visitor : model.all) {
      if (index.isKnown(visitor.seq)) {
        assertThat(index.state(visitor.seq)).isEqualTo(visitor.state);
      } else {
        assertThat(visitor.state.isFinal()).as("only ended visitors leave memory").isTrue();
      }
    }
    model.byKey.forEach(
        (key, seq) -> {
          Visitor visitor = model.bySeq.get(seq);
          boolean live = !visitor.state.isFinal();
          assertThat(index.findLive(key.hashCode() + 1L)).isEqualTo(live ? seq : -1);
        });
  }

  private static final class Visitor {
    final long seq;
    final int priority;
    final String key;
    VisitorState state = VisitorState.WAITING;

    Visitor(long seq, int priority, String key) {
      this.seq = seq;
      this.priority = priority;
      this.key = key;
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
      return all.stream().filter(v -> v.state == state).collect(Collectors.toList());
    }

    List<Visitor> waitingInOrder() {
      return in(VisitorState.WAITING).stream()
          .sorted(
              Comparator.<Visitor>comparingInt(v -> -v.priority)
                  .thenComparingLong(v -> shuffle == null ? v.seq : shuffle.slotOf(v.seq)))
          .toList();
    }
  }
}

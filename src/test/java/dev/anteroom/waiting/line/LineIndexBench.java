package dev.anteroom.waiting.line;

import dev.anteroom.waiting.VisitorState;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Not a test (the build never runs it): a single-threaded measurement of one queue's line with ten
 * million waiting, through the public API only, so the same file also measures an older {@code
 * LineIndex}. After an unreported run at a tenth of the size (so everything timed is compiled), it
 * builds the line (everyone joins in the same second, as at an opening), releases the first 1% with
 * passes that all end at second 140, then plays 150 seconds: each visitor polls every 5 s, except
 * 1% who stop at second 70, and each second runs the engine step's expiry calls with an idle
 * timeout of 60 s (passes, then idle visitors in chunks of 5,000, ending each as the store does).
 * Reported: the index's heap and the slowest join while it was built, the steps with nothing due
 * (median, and the slowest: a fifth of the line looked at again one timeout after it was last), the
 * step at second 61 (everyone filed at second 0 comes due at once), second 131 (1% idle at once),
 * second 140 (1% of passes at once), the cost of a poll's touch, a position, the oldest waiting
 * visitor and the pass ends per tick, the heap of a line where one visitor stays while ten million
 * pass, and a rebuild. {@code keys} gives every visitor a visitor key; {@code BENCH_STEPS=1} prints
 * every step.
 *
 * <p>Run: {@code ./mvnw -q -o test-compile && java -Xmx8g -cp target/classes:target/test-classes
 * dev.anteroom.waiting.line.LineIndexBench [visitors] [keys]}
 */
public final class LineIndexBench {

  private static final int TIMEOUT = 60;
  private static final int SECONDS = 150;
  private static final int LEAVERS_STOP = 70;
  private static final int PASSES_END = 140;
  private static final int CHUNK = 5_000;

  private LineIndexBench() {}

  private static boolean reporting;

  public static void main(String[] args) {
    int visitors = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    boolean keyed = args.length > 1 && args[1].equals("keys");
    // A smaller run first, unreported, so that every path is compiled before it is timed.
    run(Math.max(100, visitors / 10), keyed);
    reporting = true;
    run(visitors, keyed);
  }

  private static void run(int visitors, boolean keyed) {
    long heapBefore = heapUsedAfterGc();

    long start = System.nanoTime();
    long slowest = 0;
    LineIndex index = new LineIndex(1);
    for (int i = 0; i < visitors; i++) {
      long t0 = System.nanoTime();
      long seq = index.reserve(keyed ? mix(i) : 0);
      index.commitWaiting(seq, 0, 0);
      slowest = Math.max(slowest, System.nanoTime() - t0);
    }
    double joinSeconds = seconds(start);
    for (long seq : index.pick(visitors / 100, null)) {
      index.markReleased(seq, PASSES_END);
    }
    long heapAfter = heapUsedAfterGc();
    print("visitors", "%,d waiting and %,d released", index.waiting(), index.active());
    print(
        "build",
        "%.2f s (%,.0f joins/s), slowest join %.1f ms",
        joinSeconds,
        visitors / joinSeconds,
        ms(slowest));
    print("index heap", "%,d MB", (heapAfter - heapBefore) >> 20);

    long[] steps = new long[SECONDS + 1];
    int[] ended = new int[SECONDS + 1];
    long touchNanos = 0;
    long touches = 0;
    for (int now = 1; now <= SECONDS; now++) {
      long t0 = System.nanoTime();
      for (long seq = 1 + now % 5; seq <= visitors; seq += 5) {
        if (!isLeaver(seq) || now < LEAVERS_STOP) {
          index.touch(seq, now);
          touches++;
        }
      }
      if (now == LEAVERS_STOP) {
        for (long seq = 50; seq <= visitors; seq += 100) {
          index.touch(seq, now);
          touches++;
        }
      }
      long t1 = System.nanoTime();
      touchNanos += t1 - t0;
      ended[now] = step(index, now);
      steps[now] = System.nanoTime() - t1;
    }
    if (System.getenv("BENCH_STEPS") != null && reporting) {
      for (int now = 1; now <= SECONDS; now++) {
        System.out.printf(
            Locale.ROOT, "  step %d: %.3f ms, %d ended%n", now, ms(steps[now]), ended[now]);
      }
    }
    long[] steady = new long[0];
    for (int now = TIMEOUT + 2; now <= SECONDS; now++) {
      if (ended[now] == 0) {
        steady = Arrays.copyOf(steady, steady.length + 1);
        steady[steady.length - 1] = steps[now];
      }
    }
    Arrays.sort(steady);
    print(
        "step, nothing due",
        "median %.3f ms, max %.3f ms (%d steps)",
        ms(steady[steady.length / 2]),
        ms(steady[steady.length - 1]),
        steady.length);
    print(
        "step at 61 s",
        "%.3f ms (everyone joined at 0 s is looked at; %d ended)",
        ms(steps[TIMEOUT + 1]),
        ended[TIMEOUT + 1]);
    print(
        "step, 1% idle due",
        "%.3f ms (%,d ended)",
        ms(steps[LEAVERS_STOP + TIMEOUT + 1]),
        ended[LEAVERS_STOP + TIMEOUT + 1]);
    print(
        "step, 1% of passes due", "%.3f ms (%,d ended)", ms(steps[PASSES_END]), ended[PASSES_END]);
    print("touch", "%.1f ns", (double) touchNanos / touches);

    long[] sample = waitingSample(index, visitors, 1_000_000);
    long t0 = System.nanoTime();
    long sum = 0;
    for (long seq : sample) {
      sum += index.position(seq);
    }
    print(
        "position",
        "%.1f ns (checksum %d)",
        (double) (System.nanoTime() - t0) / sample.length,
        sum % 1000);
    t0 = System.nanoTime();
    for (int i = 0; i < 2_000; i++) {
      sum += index.oldestWaiting().joinTick();
    }
    print("oldest waiting", "%.2f us", (System.nanoTime() - t0) / 2_000 / 1e3);
    t0 = System.nanoTime();
    for (int i = 0; i < 100; i++) {
      sum += index.passEndsFrom(SECONDS + 1, 86_402)[0];
    }
    print("pass ends per tick", "%.3f ms", ms((System.nanoTime() - t0) / 100));

    stayer(visitors, 10_000);

    LiveRows rows = new LiveRows();
    for (long seq = 1; seq < index.nextSeq(); seq++) {
      if (index.isKnown(seq) && index.state(seq) == VisitorState.WAITING) {
        rows.add(seq, VisitorState.WAITING, 0, SECONDS, 0, keyed ? mix((int) seq - 1) : 0);
      }
    }
    index = null;
    heapUsedAfterGc();
    t0 = System.nanoTime();
    LineIndex rebuilt = LineIndex.rebuild(rows, null, visitors + 1L);
    print("rebuild", "%.2f s for %,d rows", seconds(t0), rebuilt.waiting());
  }

  /**
   * One visitor stays at the front of the numbers while {@code visitors} more join and leave, with
   * {@code live} of them in the line at a time: what the line then holds.
   */
  private static void stayer(int visitors, int live) {
    LineIndex index = new LineIndex(1);
    index.commitWaiting(index.reserve(0), 0, 0);
    long heapBefore = heapUsedAfterGc();
    long slowest = 0;
    for (int i = 0; i < visitors; i++) {
      long t0 = System.nanoTime();
      long seq = index.reserve(0);
      index.commitWaiting(seq, 1, 0);
      if (seq > live + 1) {
        index.markEnded(seq - live, VisitorState.CANCELLED);
      }
      slowest = Math.max(slowest, System.nanoTime() - t0);
    }
    long heapAfter = heapUsedAfterGc();
    print(
        "one stays, many pass",
        "%,d MB for %,d waiting after %,d passed, slowest join %.1f ms",
        (heapAfter - heapBefore) >> 20,
        index.waiting(),
        visitors,
        ms(slowest));
  }

  /** The engine step's expiry calls as the store makes them; answers how many ended. */
  private static int step(LineIndex index, int now) {
    int ended = 0;
    for (long seq : index.passesExpiredBy(now, Integer.MAX_VALUE)) {
      index.markEnded(seq, VisitorState.EXPIRED);
      ended++;
    }
    long[] idle;
    do {
      idle = index.idleBefore(now - TIMEOUT, CHUNK);
      for (long seq : idle) {
        index.markEnded(seq, VisitorState.EXPIRED);
        ended++;
      }
    } while (idle.length == CHUNK);
    return ended;
  }

  private static boolean isLeaver(long seq) {
    return seq % 100 == 50;
  }

  private static long[] waitingSample(LineIndex index, int visitors, int size) {
    SplittableRandom random = new SplittableRandom(7);
    long[] sample = new long[size];
    for (int i = 0; i < size; ) {
      long seq = 1 + random.nextInt(visitors);
      if (index.isKnown(seq) && index.state(seq) == VisitorState.WAITING) {
        sample[i++] = seq;
      }
    }
    return sample;
  }

  private static long mix(int i) {
    long h = (i + 1) * 0x9E3779B97F4A7C15L;
    return (h ^ (h >>> 29)) | 1;
  }

  private static long heapUsedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static void print(String what, String format, Object... args) {
    if (!reporting) {
      return;
    }
    System.out.printf(Locale.ROOT, "%-24s %s%n", what, String.format(Locale.ROOT, format, args));
  }
}

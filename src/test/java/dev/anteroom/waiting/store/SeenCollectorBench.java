package dev.anteroom.waiting.store;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Not a test (the build never runs it): the cost of {@link SeenCollector#seen} on one thread, as a
 * poll pays it, and the cost of a drain. Ten queues; one holds a million waiting visitors who poll
 * in random order, the others a thousand each; a drain of every queue after each 30,000 polls (a
 * second of a busy node). Reported: nanoseconds and bytes allocated per call, and the median and
 * slowest drain. A few seconds in all.
 *
 * <p>Run: {@code ./mvnw -q -o test-compile && java -cp target/classes:target/test-classes
 * dev.anteroom.waiting.store.SeenCollectorBench}
 */
public final class SeenCollectorBench {

  private static final int POLLS_PER_DRAIN = 30_000;

  private SeenCollectorBench() {}

  public static void main(String[] args) {
    run(6_000_000, false);
    run(30_000_000, true);
  }

  private static void run(int polls, boolean report) {
    SeenCollector seen = new SeenCollector();
    SplittableRandom random = new SplittableRandom(1);
    long[] queues = new long[10];
    for (int q = 0; q < queues.length; q++) {
      queues[q] = 1 + random.nextLong(1L << 53);
    }
    long[] plannedSeq = new long[1 << 20];
    int[] plannedQueue = new int[plannedSeq.length];
    for (int i = 0; i < plannedSeq.length; i++) {
      int q = random.nextInt(4) == 0 ? 1 + random.nextInt(9) : 0;
      plannedQueue[i] = q;
      plannedSeq[i] = 1 + random.nextInt(q == 0 ? 1_000_000 : 1_000);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().threadId();
    long seenNanos = 0;
    long seenBytes = 0;
    long[] drains = new long[(polls + POLLS_PER_DRAIN - 1) / POLLS_PER_DRAIN];
    int tick = 0;
    for (int done = 0; done < polls; done += POLLS_PER_DRAIN) {
      long bytes0 = threads.getThreadAllocatedBytes(thread);
      long t0 = System.nanoTime();
      for (int i = done; i < done + POLLS_PER_DRAIN; i++) {
        int at = i & (plannedSeq.length - 1);
        seen.seen(queues[plannedQueue[at]], plannedSeq[at], tick);
      }
      long t1 = System.nanoTime();
      seenBytes += threads.getThreadAllocatedBytes(thread) - bytes0;
      seenNanos += t1 - t0;
      seen.drainAll();
      drains[tick++] = System.nanoTime() - t1;
    }
    Arrays.sort(drains);
    if (report) {
      System.out.printf(
          Locale.ROOT,
          "seen(): %.1f ns and %.2f bytes allocated per call over %,d calls;"
              + " drain of %,d polls: median %.2f ms, slowest %.2f ms%n",
          (double) seenNanos / polls,
          (double) seenBytes / polls,
          polls,
          POLLS_PER_DRAIN,
          drains[drains.length / 2] / 1e6,
          drains[drains.length - 1] / 1e6);
    }
  }
}

package dev.anteroom.waiting.line;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many of something fall on each tick, kept as they change: the passes ending per second, so a
 * wait estimate reads a few thousand counts instead of every visitor. One entry per tick in use.
 */
final class TickCounts {

  private final TreeMap<Integer, int[]> counts = new TreeMap<>();

  void add(int tick, int delta) {
    int[] count = counts.computeIfAbsent(tick, t -> new int[1]);
    count[0] += delta;
    if (count[0] == 0) {
      counts.remove(tick);
    } else if (count[0] < 0) {
      throw new IllegalStateException("more taken out of tick " + tick + " than put in");
    }
  }

  /**
   * The counts of the ticks from {@code fromTick} on, {@code length} of them, the last of which
   * also holds every later tick.
   */
  int[] from(int fromTick, int length) {
    int[] answer = new int[length];
    for (Map.Entry<Integer, int[]> entry : counts.tailMap(fromTick, true).entrySet()) {
      answer[(int) Math.min(length - 1, (long) entry.getKey() - fromTick)] += entry.getValue()[0];
    }
    return answer;
  }
}

package dev.anteroom.waiting.line;

import java.util.Arrays;

/**
 * What the line knows of the visitors of one run of sequence numbers, in arrays indexed by the
 * offset in the page: state, priority, the tick (last poll of a waiting visitor, pass expiry of a
 * released one), the join tick, the two links of the deadline list the visitor is filed in, and the
 * visitor-key hash, allocated only once a visitor of the page has a key. A page holds 26 bytes a
 * visitor (34 with keys) and is freed once every visitor in it has ended.
 *
 * <p>The arrays start at 64 visitors and double as numbers are handed out, up to the page's size,
 * so a queue with a handful of visitors costs a few kilobytes rather than a whole page: a node may
 * hold thousands of small queues.
 */
final class Page {

  private static final int FIRST_LENGTH = 64;

  private final int size;
  private final byte unknown;
  byte[] states;
  byte[] priorities;
  int[] ticks;
  int[] joinTicks;
  long[] prev;
  long[] next;
  long[] keyHashes;

  /** Visitors reserved, waiting or released: the page is freed when none are left. */
  int live;

  /** Waiting visitors, so the search for the oldest one can skip pages without any. */
  int waiting;

  Page(int size, byte unknown) {
    this.size = size;
    this.unknown = unknown;
    int length = Math.min(size, FIRST_LENGTH);
    states = new byte[length];
    Arrays.fill(states, unknown);
    priorities = new byte[length];
    ticks = new int[length];
    joinTicks = new int[length];
    prev = new long[length];
    next = new long[length];
  }

  /** The state at an offset, or the unknown state past what the page has room for yet. */
  byte stateAt(int offset) {
    byte[] held = states;
    return offset < held.length ? held[offset] : unknown;
  }

  /** Makes room up to {@code offset}, doubling: the copy is of one page, never of the line. */
  void reach(int offset) {
    int length = states.length;
    if (offset < length) {
      return;
    }
    int grown = Math.min(size, Integer.highestOneBit(offset) << 1);
    byte[] moreStates = Arrays.copyOf(states, grown);
    Arrays.fill(moreStates, length, grown, unknown);
    priorities = Arrays.copyOf(priorities, grown);
    ticks = Arrays.copyOf(ticks, grown);
    joinTicks = Arrays.copyOf(joinTicks, grown);
    prev = Arrays.copyOf(prev, grown);
    next = Arrays.copyOf(next, grown);
    if (keyHashes != null) {
      keyHashes = Arrays.copyOf(keyHashes, grown);
    }
    // Last, so that a racing optimistic read that sees the longer states finds the rest grown.
    states = moreStates;
  }

  long keyHash(int offset) {
    return keyHashes == null ? 0 : keyHashes[offset];
  }

  void keyHash(int offset, long hash) {
    if (keyHashes == null) {
      if (hash == 0) {
        return;
      }
      keyHashes = new long[states.length];
    }
    keyHashes[offset] = hash;
  }
}

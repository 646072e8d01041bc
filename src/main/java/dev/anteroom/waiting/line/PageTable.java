package dev.anteroom.waiting.line;

/**
 * Pages by page number, in an array that spans only from the lowest page held to the highest: a
 * page that is freed leaves a hole, and the holes at the low end are dropped the next time the
 * array is laid out (when a page falls outside it), so the array follows the live pages instead of
 * every page number ever used. Laying out copies page references only, never what they hold.
 */
final class PageTable<P> {

  private static final int MIN_SLOTS = 4;

  private Object[] pages = new Object[MIN_SLOTS];
  private long base;
  private int count;

  /** The page, or null when it is not held. */
  @SuppressWarnings("unchecked")
  P get(long pageNo) {
    long index = pageNo - base;
    Object[] held = pages;
    return index >= 0 && index < held.length ? (P) held[(int) index] : null;
  }

  /**
   * Holds a page at {@code pageNo}, which must be free; answers true when the array was laid out
   * anew, which moves every page's {@link #indexOf index}.
   */
  boolean put(long pageNo, P page) {
    boolean moved = false;
    if (count == 0) {
      base = pageNo;
      moved = true;
    } else if (pageNo < base || pageNo - base >= pages.length) {
      layOut(pageNo);
      moved = true;
    }
    pages[(int) (pageNo - base)] = page;
    count++;
    return moved;
  }

  void remove(long pageNo) {
    int index = indexOf(pageNo);
    if (pages[index] != null) {
      pages[index] = null;
      count--;
    }
  }

  /** The page's place in the array, for structures kept beside it (a Fenwick tree over pages). */
  int indexOf(long pageNo) {
    return (int) (pageNo - base);
  }

  @SuppressWarnings("unchecked")
  P at(int index) {
    return (P) pages[index];
  }

  long pageNoAt(int index) {
    return base + index;
  }

  /** The number of places in the array, a power of two. */
  int capacity() {
    return pages.length;
  }

  /** The pages held. */
  int count() {
    return count;
  }

  private void layOut(long including) {
    long lowest = including;
    long highest = including;
    for (int i = 0; i < pages.length; i++) {
      if (pages[i] != null) {
        lowest = Math.min(lowest, base + i);
        highest = Math.max(highest, base + i);
      }
    }
    // Twice the span, so that a line growing at its end lays out only when it has doubled.
    long wanted = Math.max(MIN_SLOTS, (highest - lowest + 1) * 2);
    if (wanted > 1 << 30) {
      throw new IllegalStateException("a queue's live visitors span too many sequence numbers");
    }
    Object[] laidOut = new Object[Integer.highestOneBit((int) wanted - 1) << 1];
    for (int i = 0; i < pages.length; i++) {
      if (pages[i] != null) {
        laidOut[(int) (base + i - lowest)] = pages[i];
      }
    }
    pages = laidOut;
    base = lowest;
  }
}

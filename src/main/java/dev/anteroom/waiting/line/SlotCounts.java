package dev.anteroom.waiting.line;

/**
 * Which slots hold a waiting visitor, per priority level, answering "how many before this slot" and
 * "the k-th slot" in O(log pages + eight words). Slots are paged: a page is a bitset per level (one
 * bit a slot, allocated for the levels it uses) and is freed when its last visitor leaves; a
 * Fenwick tree per level counts the visitors of each page. A slot costs one bit per level instead
 * of an int per level over every sequence number, and only pages holding someone take memory.
 */
final class SlotCounts {

  private final int pageBits;
  private final int levels;
  private PageTable<SlotPage> pages = new PageTable<>();
  private Fenwick[] perPage;

  SlotCounts(int pageBits, int levels) {
    this.pageBits = pageBits;
    this.levels = levels;
    this.perPage = new Fenwick[levels];
  }

  /** Counts a visitor in (delta 1) or out (delta -1) of a slot at a level. */
  void add(long slot, int level, int delta) {
    long pageNo = slot >> pageBits;
    SlotPage page = pages.get(pageNo);
    if (page == null) {
      page = new SlotPage(levels, words());
      if (pages.put(pageNo, page)) {
        rebuildTrees();
      }
    }
    page.flip(level, offset(slot), delta);
    tree(level).add(pages.indexOf(pageNo), delta);
    if (page.total == 0) {
      pages.remove(pageNo);
    }
  }

  /**
   * Counts a visitor in without keeping the trees: for bulk loading, which ends with {@link
   * #rebuildTrees}.
   */
  void addQuietly(long slot, int level) {
    long pageNo = slot >> pageBits;
    SlotPage page = pages.get(pageNo);
    if (page == null) {
      page = new SlotPage(levels, words());
      pages.put(pageNo, page);
    }
    page.flip(level, offset(slot), 1);
  }

  /** How many are counted at the level in slots before {@code slot}. */
  int countBefore(long slot, int level) {
    long pageNo = slot >> pageBits;
    Fenwick tree = perPage[level];
    if (tree == null) {
      return 0;
    }
    int index = pages.indexOf(pageNo);
    if (index < 0) {
      return 0;
    }
    if (index >= pages.capacity()) {
      return tree.countBefore(pages.capacity());
    }
    SlotPage page = pages.at(index);
    int within = page == null ? 0 : page.countBefore(level, offset(slot));
    return tree.countBefore(index) + within;
  }

  /** The slot of the k-th counted visitor at the level, k from 1; the caller keeps k in range. */
  long select(int level, int k) {
    Fenwick tree = perPage[level];
    int index = tree.select(k);
    int within = k - tree.countBefore(index);
    return (pages.pageNoAt(index) << pageBits) + pages.at(index).select(level, within);
  }

  /** Forgets every count: the line is about to count everyone again (the opening shuffle). */
  void clear() {
    pages = new PageTable<>();
    perPage = new Fenwick[levels];
  }

  /** Rebuilds the per-page trees in linear time from the pages' own counts. */
  void rebuildTrees() {
    int capacity = pages.capacity();
    for (int level = 0; level < levels; level++) {
      int[] counts = null;
      for (int i = 0; i < capacity; i++) {
        SlotPage page = pages.at(i);
        if (page != null && page.counts[level] > 0) {
          if (counts == null) {
            counts = new int[capacity];
          }
          counts[i] = page.counts[level];
        }
      }
      perPage[level] = counts == null ? null : Fenwick.of(capacity, counts, capacity);
    }
  }

  /** Pages held, for measuring memory. */
  int pagesHeld() {
    return pages.count();
  }

  private Fenwick tree(int level) {
    if (perPage[level] == null) {
      perPage[level] = new Fenwick(pages.capacity());
    }
    return perPage[level];
  }

  private int offset(long slot) {
    return (int) (slot & ((1L << pageBits) - 1));
  }

  private int words() {
    return Math.max(1, (1 << pageBits) >> 6);
  }

  /**
   * One page of slots: per level, a bitset, a count, and the count before each block of eight
   * words, so counting before a slot adds at most eight words' bits rather than a page's 64.
   */
  private static final class SlotPage {
    private static final int BLOCK_BITS = 3;

    final long[][] bits;
    final int[][] blockBefore;
    final int[] counts;
    final int words;
    final int blocks;
    int total;

    SlotPage(int levels, int words) {
      this.bits = new long[levels][];
      this.blockBefore = new int[levels][];
      this.counts = new int[levels];
      this.words = words;
      this.blocks = Math.max(1, words >> BLOCK_BITS);
    }

    void flip(int level, int offset, int delta) {
      if (bits[level] == null) {
        bits[level] = new long[words];
        blockBefore[level] = new int[blocks];
      }
      long mask = 1L << offset;
      boolean set = (bits[level][offset >> 6] & mask) != 0;
      if (set == (delta > 0)) {
        throw new IllegalStateException("slot already " + (set ? "counted" : "empty"));
      }
      bits[level][offset >> 6] ^= mask;
      int[] before = blockBefore[level];
      for (int block = (offset >> 6 >> BLOCK_BITS) + 1; block < blocks; block++) {
        before[block] += delta;
      }
      counts[level] += delta;
      total += delta;
      if (counts[level] == 0) {
        bits[level] = null;
        blockBefore[level] = null;
      }
    }

    int countBefore(int level, int offset) {
      long[] words = bits[level];
      if (words == null) {
        return 0;
      }
      int whole = offset >> 6;
      int block = whole >> BLOCK_BITS;
      int count = blockBefore[level][block];
      for (int i = block << BLOCK_BITS; i < whole; i++) {
        count += Long.bitCount(words[i]);
      }
      int rest = offset & 63;
      if (rest != 0) {
        count += Long.bitCount(words[whole] & ((1L << rest) - 1));
      }
      return count;
    }

    /** The offset of the k-th set bit at the level, k from 1. */
    int select(int level, int k) {
      long[] words = bits[level];
      int[] before = blockBefore[level];
      int block = blocks - 1;
      while (block > 0 && before[block] >= k) {
        block--;
      }
      k -= before[block];
      for (int i = block << BLOCK_BITS; i < words.length; i++) {
        int inWord = Long.bitCount(words[i]);
        if (k <= inWord) {
          long word = words[i];
          for (int skip = 1; skip < k; skip++) {
            word &= word - 1;
          }
          return (i << 6) + Long.numberOfTrailingZeros(word);
        }
        k -= inWord;
      }
      throw new IllegalStateException("rank beyond the page's count");
    }
  }
}

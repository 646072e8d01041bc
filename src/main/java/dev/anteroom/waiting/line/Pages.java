package dev.anteroom.waiting.line;

/**
 * The line's visitors in {@link Page}s of {@code 2^pageBits} sequence numbers: a page is allocated
 * when its first number is handed out and freed when everyone in it has ended, so memory follows
 * the live visitors rather than the range of numbers between the oldest and the newest.
 */
final class Pages {

  private final int pageBits;
  private final int mask;
  private final byte unknown;
  private final PageTable<Page> table = new PageTable<>();

  Pages(int pageBits, byte unknown) {
    this.pageBits = pageBits;
    this.mask = (1 << pageBits) - 1;
    this.unknown = unknown;
  }

  /** The page holding {@code seq}, or null when nobody in that page is in memory. */
  Page find(long seq) {
    return table.get(seq >> pageBits);
  }

  /** The page of {@code seq}, allocated or grown so that it has room for it. */
  Page findOrAllocate(long seq) {
    Page page = table.get(seq >> pageBits);
    if (page == null) {
      page = new Page(1 << pageBits, unknown);
      table.put(seq >> pageBits, page);
    }
    page.reach(offset(seq));
    return page;
  }

  int offset(long seq) {
    return (int) seq & mask;
  }

  /**
   * Frees the page of {@code seq} once nobody in it is live and no number in it is still to come.
   */
  void freeIfEnded(long seq, long nextSeq) {
    long pageNo = seq >> pageBits;
    Page page = table.get(pageNo);
    if (page != null && page.live == 0 && (pageNo + 1) << pageBits <= nextSeq) {
      table.remove(pageNo);
    }
  }

  /**
   * The lowest page number from {@code pageNo} on whose page has someone waiting, or {@code
   * Long.MAX_VALUE}.
   */
  long firstWaitingFrom(long pageNo) {
    int from = Math.max(0, table.indexOf(pageNo));
    for (int i = from; i < table.capacity(); i++) {
      Page page = table.at(i);
      if (page != null && page.waiting > 0) {
        return table.pageNoAt(i);
      }
    }
    return Long.MAX_VALUE;
  }

  long firstSeqOf(long pageNo) {
    return pageNo << pageBits;
  }

  long pageNoOf(long seq) {
    return seq >> pageBits;
  }

  int pagesHeld() {
    return table.count();
  }

  /** Places in the page table, for a walk over every page with {@link #at}. */
  int capacity() {
    return table.capacity();
  }

  /** The page at a place of the table, or null. */
  Page at(int index) {
    return table.at(index);
  }

  /** The first sequence number of the page at a place of the table. */
  long firstSeqAt(int index) {
    return table.pageNoAt(index) << pageBits;
  }
}

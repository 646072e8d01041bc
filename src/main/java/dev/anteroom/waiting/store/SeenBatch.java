package dev.anteroom.waiting.store;

/**
 * The visitors one node saw poll a queue since it last reported, all counted as seen at {@code
 * tick}: what {@link SeenCollector} drains and {@link SeenReports#report} writes.
 *
 * @param seqs ascending and distinct; not copied, so whoever holds the batch must not change them
 */
public record SeenBatch(long queueId, int tick, long[] seqs) {

  /** A queue with no visitor seen. */
  public static SeenBatch none(long queueId) {
    return new SeenBatch(queueId, 0, new long[0]);
  }

  public boolean isEmpty() {
    return seqs.length == 0;
  }
}

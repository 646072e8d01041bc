package dev.anteroom.waiting.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Seen reports shared by the nodes of one database: each node writes which waiting visitors polled
 * it, and the node that expires a queue's idle visitors applies every node's reports first, so a
 * visitor who polls any node stays alive. Reports are numbered per queue in commit order, so a
 * reader that asks for those after the last one it read never skips one.
 */
public interface SeenReports {

  /**
   * Writes one report, numbered next for the queue. Writes nothing when {@code seqs} is empty: a
   * report says who was seen, never who was not.
   *
   * @param tick when they were seen (see {@code Ticks})
   * @param seqs ascending and distinct
   */
  void report(long queueId, int tick, long[] seqs);

  /** Writes a drained batch: {@link #report} of its queue, tick and seqs. */
  default void report(SeenBatch batch) {
    report(batch.queueId(), batch.tick(), batch.seqs());
  }

  /**
   * Feeds the sink each (seq, tick) of every report of the queue numbered above {@code
   * afterReportNo}, report by report in number order. Applying a report twice does no harm (a touch
   * keeps the later tick), so after a failure the caller reads again from where it was.
   *
   * @return the number of the last report read, or {@code afterReportNo} if there was none
   */
  long readAfter(long queueId, long afterReportNo, SeenSink sink);

  /**
   * The number of the queue's last report, or 0: reading after it gives only reports written later.
   */
  long lastReportNo(long queueId);

  /** {@link #lastReportNo} of each of these queues in one read; queues with none are left out. */
  Map<Long, Long> lastReportNos(Collection<Long> queueIds);

  /**
   * Deletes the reports (of every queue) written longer than {@code age} ago by the database's
   * clock. Keep them longer than the longest idle timeout, so that a node that takes over a queue
   * can still read what was seen within it.
   *
   * @return how many were deleted
   */
  int purgeWrittenBefore(Duration age);
}

package dev.anteroom.waiting.store;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a queue's line log: what a node that shares the database with others follows into its own
 * index. Event numbers come out in commit order, so reading those after the last one applied never
 * skips one.
 */
public interface LineLogReader {

  /** The queue's events numbered above {@code afterEventNo}, in order, at most {@code limit}. */
  List<LineEvent> after(long queueId, long afterEventNo, int limit);

  /**
   * Feeds the queue's live visitors (as {@link VisitorJournal#loadLive} does) and answers the point
   * of the log they reflect, both read in one snapshot of the database, so following the log from
   * there misses nothing and repeats nothing.
   */
  Snapshot snapshot(long queueId, Instant now, Consumer<VisitorRow> sink);

  /**
   * @param lastEventNo the number of the last event the rows include, or 0
   * @param nextSeq one past the highest sequence number used
   */
  record Snapshot(long lastEventNo, long nextSeq) {}
}

package dev.anteroom.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * Where the per-minute aggregate rows and their hour and day roll-ups live. A minute row belongs to
 * one writer (a process since its start), which always writes its whole tally for the minute, so a
 * repeated write changes nothing and a restart, being a new writer, never adds to what the last
 * process wrote.
 */
public interface AggregateStore {

  /** Writes (or overwrites) this writer's tally of a queue's minute. */
  void saveMinute(String writer, PeriodRow row);

  /**
   * Rows of a resolution in {@code [from, to)} within the scope, in no particular order; minute
   * rows come one per writer.
   */
  List<PeriodRow> read(Resolution resolution, Scope scope, Instant from, Instant to);

  /** The periods of a coarser resolution already rolled up in {@code [from, to)}. */
  Set<Instant> rolled(Resolution resolution, Instant from, Instant to);

  /**
   * Stores the roll-up of one period (every queue's row) and marks the period rolled, last, so a
   * reader never takes a half-written period for a rolled one; a period already rolled is left.
   */
  void saveRollup(Resolution resolution, Instant start, List<PeriodRow> rows);

  /** Deletes the rows (and roll-up marks) of a resolution older than {@code before}. */
  int purge(Resolution resolution, Instant before);

  /** One queue's tally over one period. */
  record PeriodRow(long queueId, long applicationId, Instant start, Tally tally) {}

  /**
   * Which rows a read covers.
   *
   * @param applicationIds the applications, or null for all
   * @param queueId one queue, or null for all
   */
  record Scope(Set<Long> applicationIds, Long queueId) {
    public static final Scope ALL = new Scope(null, null);
  }
}

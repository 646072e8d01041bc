package dev.anteroom.dashboard;

import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads aggregate rows at any resolution: minute rows merged across writers; hour and day rows
 * where the period was rolled up, and rolled up on the fly from the finer rows where it was not yet
 * (the current hour and day, or a period the flusher missed while no node ran).
 */
public final class Aggregates {

  private final AggregateStore store;

  public Aggregates(AggregateStore store) {
    this.store = store;
  }

  /** Per queue, per period start: the tally of every period in {@code [from, to)} with a row. */
  public Map<Long, TreeMap<Instant, PeriodRow>> byQueue(
      Resolution resolution, Scope scope, Instant from, Instant to) {
    Map<Long, TreeMap<Instant, PeriodRow>> result = new HashMap<>();
    if (!from.isBefore(to)) {
      return result;
    }
    if (resolution == Resolution.MINUTE) {
      for (PeriodRow row : store.read(resolution, scope, from, to)) {
        result
            .computeIfAbsent(row.queueId(), id -> new TreeMap<>())
            .merge(
                row.start(),
                row,
                (a, b) ->
                    new PeriodRow(
                        a.queueId(), a.applicationId(), a.start(), a.tally().alongside(b.tally())));
      }
      return result;
    }
    // The marks first, and only the rows of marked periods: a roll-up writes its rows, then its
    // mark, so a period rolled up while this reads is taken whole from the finer rows, never half
    // from each or twice.
    Set<Instant> rolled = store.rolled(resolution, from, to);
    for (PeriodRow row : store.read(resolution, scope, from, to)) {
      if (rolled.contains(row.start())) {
        result.computeIfAbsent(row.queueId(), id -> new TreeMap<>()).put(row.start(), row);
      }
    }
    List<Instant> missing = new ArrayList<>();
    for (Instant p = from; p.isBefore(to); p = p.plus(resolution.length())) {
      if (!rolled.contains(p)) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      Instant end = missing.getLast().plus(resolution.length());
      Map<Long, TreeMap<Instant, PeriodRow>> finer =
          byQueue(resolution.finer(), scope, missing.getFirst(), end);
      Set<Instant> wanted = Set.copyOf(missing);
      finer.forEach(
          (queueId, rows) -> {
            for (PeriodRow row : rows.values()) {
              Instant period = resolution.floor(row.start());
              if (!wanted.contains(period)) {
                continue;
              }
              result
                  .computeIfAbsent(queueId, id -> new TreeMap<>())
                  .merge(
                      period,
                      new PeriodRow(queueId, row.applicationId(), period, row.tally()),
                      (a, b) ->
                          new PeriodRow(
                              queueId, a.applicationId(), period, a.tally().then(b.tally())));
            }
          });
    }
    return result;
  }

  /** Every queue's row of one period, as a roll-up stores it. */
  public List<PeriodRow> period(Resolution resolution, Instant start) {
    List<PeriodRow> rows = new ArrayList<>();
    byQueue(resolution, Scope.ALL, start, start.plus(resolution.length()))
        .values()
        .forEach(periods -> rows.addAll(periods.values()));
    return rows;
  }
}

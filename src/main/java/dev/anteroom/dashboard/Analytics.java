package dev.anteroom.dashboard;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Time series of what happened in the queues a caller may see, read from the aggregate rows (never
 * from visitor rows): per period, the sum over the queues in scope.
 */
public final class Analytics {

  public static final int MAX_POINTS = 10_000;

  /** Queue-periods one call may read (rows per writer), about 100 MB at the worst. */
  public static final long MAX_ROWS = 300_000;

  private static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  /** An instant the series can count in milliseconds, or a 400 naming the parameter. */
  private static Instant within(String field, Instant at) {
    if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
      throw new InvalidInputException(
          field, field + " must be between 2000-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
    }
    return at;
  }

  private final Aggregates aggregates;
  private final QueueDirectory queues;
  private final Clock clock;

  public Analytics(AggregateStore store, QueueDirectory queues, Clock clock) {
    this.aggregates = new Aggregates(store);
    this.queues = queues;
    this.clock = clock;
  }

  /**
   * What a caller asks for.
   *
   * @param from start (inclusive), null for an hour (minutes), a day (hours) or 30 days (days)
   *     before {@code to}
   * @param to end (exclusive), null for now
   */
  public record Query(
      Instant from, Instant to, Resolution interval, Long queueId, Long applicationId) {}

  /** One period of the series. */
  public record Point(Instant start, Tally tally) {}

  public List<Point> series(Caller caller, Query query) {
    caller.requireServerSide();
    Resolution interval = query.interval();
    Instant to = within("to", query.to() != null ? query.to() : clock.instant());
    Instant from =
        query.from() != null
            ? query.from()
            : to.minus(
                switch (interval) {
                  case MINUTE -> Duration.ofHours(1);
                  case HOUR -> Duration.ofDays(1);
                  case DAY -> Duration.ofDays(30);
                });
    within("from", from);
    if (!to.isAfter(from)) {
      throw new InvalidInputException("to", "to must be after from");
    }
    Instant start = interval.floor(from);
    long size = interval.length().toMillis();
    long points = Math.ceilDiv(to.toEpochMilli() - start.toEpochMilli(), size);
    if (points > MAX_POINTS) {
      throw new InvalidInputException(
          "interval",
          "from, to and interval ask for "
              + points
              + " points; at most "
              + MAX_POINTS
              + ": use a coarser interval or a shorter range");
    }
    Instant end = start.plusMillis(points * size);
    Scope scope = scope(caller, query.queueId(), query.applicationId());
    // Every row of the range is read into memory: a bound keeps one call from filling the heap
    // that holds every waiting line.
    long queuesInScope =
        scope.queueId() != null
            ? 1
            : queues.all().stream()
                .filter(
                    q ->
                        scope.applicationIds() == null
                            || scope.applicationIds().contains(q.applicationId()))
                .count();
    if (queuesInScope * points > MAX_ROWS) {
      throw new InvalidInputException(
          "interval",
          "from, to and interval ask for "
              + points
              + " points over "
              + queuesInScope
              + " queues; at most "
              + MAX_ROWS
              + " queue-periods at once: filter by application_id or queue_id, use a coarser"
              + " interval or a shorter range");
    }
    Map<Long, TreeMap<Instant, PeriodRow>> byQueue =
        aggregates.byQueue(interval, scope, start, end);
    TreeMap<Instant, Tally> summed = new TreeMap<>();
    byQueue.values().stream()
        .flatMap(rows -> rows.values().stream())
        .forEach(row -> summed.merge(row.start(), row.tally(), Tally::plusQueue));
    List<Point> series = new ArrayList<>((int) points);
    for (Instant p = start; p.isBefore(end); p = p.plus(interval.length())) {
      series.add(new Point(p, summed.getOrDefault(p, Tally.EMPTY)));
    }
    return series;
  }

  /**
   * The rows a caller may read: one queue or application of theirs (another tenant's answers as
   * absent), else every application they see.
   */
  Scope scope(Caller caller, Long queueId, Long applicationId) {
    if (applicationId != null && !caller.sees(applicationId)) {
      throw new NotFoundException("application", applicationId);
    }
    if (queueId != null) {
      Queue queue =
          queues
              .find(queueId)
              .filter(q -> caller.sees(q.applicationId()))
              .filter(q -> applicationId == null || q.applicationId() == applicationId)
              .orElseThrow(() -> new NotFoundException("queue", queueId));
      return new Scope(Set.of(queue.applicationId()), queueId);
    }
    if (applicationId != null) {
      return new Scope(Set.of(applicationId), null);
    }
    return new Scope(caller.visibleApplications().orElse(null), null);
  }
}

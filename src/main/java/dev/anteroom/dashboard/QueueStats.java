package dev.anteroom.dashboard;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.tenant.Caller;
import dev.anteroom.waiting.store.LineCounts;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The state of each queue a caller may see now: its line (from memory), its pace (configured and
 * observed), and its last hour (the minute rows of the current minute and the 59 before it, plus
 * what this node counted since its last flush).
 */
public final class QueueStats {

  static final Duration HOUR = Duration.ofMinutes(59);

  private final QueueDirectory queues;
  private final WaitingLineStore lines;
  private final ReleaseEngine engine;
  private final MinuteFlusher flusher;
  private final Aggregates aggregates;
  private final Clock clock;

  public QueueStats(
      QueueDirectory queues,
      WaitingLineStore lines,
      ReleaseEngine engine,
      MinuteFlusher flusher,
      AggregateStore store,
      Clock clock) {
    this.queues = queues;
    this.lines = lines;
    this.engine = engine;
    this.flusher = flusher;
    this.aggregates = new Aggregates(store);
    this.clock = clock;
  }

  /**
   * One queue's numbers.
   *
   * @param observedRatePerMinute null until enough departures were seen
   * @param averageWaitSeconds over visitors released in the last hour, null without any
   * @param oldestWaitingSeconds null when nobody waits
   * @param etaSeconds for a visitor joining now at priority 0, null when paused
   */
  public record Stat(
      Queue queue,
      Queue.State state,
      int waiting,
      int active,
      int configuredRatePerMinute,
      Double observedRatePerMinute,
      Double averageWaitSeconds,
      Double p95WaitSeconds,
      long releasedLastHour,
      long expiredLastHour,
      Long oldestWaitingSeconds,
      Long etaSeconds) {}

  public Page<Stat> list(Caller caller, Long applicationId, Long queueId, PageRequest page) {
    caller.requireServerSide();
    if (applicationId != null && !caller.sees(applicationId)) {
      throw new NotFoundException("application", applicationId);
    }
    List<Queue> visible =
        queues.all().stream()
            .filter(q -> caller.sees(q.applicationId()))
            .filter(q -> applicationId == null || q.applicationId() == applicationId)
            .filter(q -> queueId == null || q.id() == queueId)
            .sorted(Comparator.comparingLong(Queue::id))
            .toList();
    if (queueId != null && visible.isEmpty()) {
      throw new NotFoundException("queue", queueId);
    }
    List<Queue> shown = visible.stream().skip(page.offset()).limit(page.size()).toList();
    Instant now = clock.instant();
    Map<Long, Tally> lastHour = lastHour(shown, now);
    List<Stat> stats =
        shown.stream().map(q -> stat(q, lastHour.getOrDefault(q.id(), Tally.EMPTY), now)).toList();
    return new Page<>(stats, page.page(), page.size(), visible.size());
  }

  /** The last hour of each queue: stored minutes, then what is not flushed yet. */
  public Map<Long, Tally> lastHour(List<Queue> shown, Instant now) {
    if (shown.isEmpty()) {
      return Map.of();
    }
    Instant to = Resolution.MINUTE.floor(now).plus(Resolution.MINUTE.length());
    Set<Long> applications = shown.stream().map(Queue::applicationId).collect(Collectors.toSet());
    Long only = shown.size() == 1 ? shown.getFirst().id() : null;
    Map<Long, TreeMap<Instant, PeriodRow>> rows =
        aggregates.byQueue(
            Resolution.MINUTE,
            new Scope(applications, only),
            to.minus(HOUR).minus(Resolution.MINUTE.length()),
            to);
    Map<Long, Tally> result = new java.util.HashMap<>();
    for (Queue queue : shown) {
      Tally tally = Tally.EMPTY;
      TreeMap<Instant, PeriodRow> periods = rows.get(queue.id());
      if (periods != null) {
        for (PeriodRow row : periods.values()) {
          tally = tally.then(row.tally());
        }
      }
      result.put(queue.id(), tally.then(flusher.unflushed(queue.id())));
    }
    return result;
  }

  private Stat stat(Queue queue, Tally hour, Instant now) {
    boolean open = lines.isOpen(queue.id());
    LineCounts counts = open ? lines.counts(queue.id()) : new LineCounts(0, 0);
    Long oldest =
        open
            ? lines
                .oldestWaitingJoinedAt(queue.id())
                .map(at -> Math.max(0, Duration.between(at, now).getSeconds()))
                .orElse(null)
            : null;
    Long eta =
        open ? engine.expectedWait(queue, lines.positionOfNewcomer(queue.id(), 0), now) : null;
    return new Stat(
        queue,
        queue.stateAt(now),
        counts.waiting(),
        counts.active(),
        queue.settings().releaseRatePerMinute(),
        engine.observedRatePerMinute(queue.id(), now),
        hour.averageWaitSeconds(),
        hour.p95WaitSeconds(),
        hour.releases(),
        hour.expiries(),
        oldest,
        eta);
  }
}

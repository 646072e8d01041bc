package dev.anteroom.dashboard;

import dev.anteroom.alert.Alert;
import dev.anteroom.alert.AlertService;
import dev.anteroom.callback.CallbackOutcomes;
import dev.anteroom.common.PageRequest;
import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.ApplicationStore;
import dev.anteroom.tenant.Caller;
import dev.anteroom.waiting.store.LineCounts;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one-screen overview of everything a caller may see: applications, queues by state, who waits
 * and who holds a pass now, the last 24 hours (the current hour and the 23 before, from aggregate
 * rows, plus what this node has not flushed yet), the callbacks' success ratio over the last hour
 * (the in-memory {@link CallbackOutcomes}, which keeps an hour: cheap, and per node) and the alerts
 * firing.
 */
public final class Summary {

  private final ApplicationStore applications;
  private final QueueDirectory queues;
  private final WaitingLineStore lines;
  private final MinuteFlusher flusher;
  private final Aggregates aggregates;
  private final CallbackOutcomes callbacks;
  private final AlertService alerts;
  private final Clock clock;

  public Summary(
      ApplicationStore applications,
      QueueDirectory queues,
      WaitingLineStore lines,
      MinuteFlusher flusher,
      AggregateStore store,
      CallbackOutcomes callbacks,
      AlertService alerts,
      Clock clock) {
    this.applications = applications;
    this.queues = queues;
    this.lines = lines;
    this.flusher = flusher;
    this.aggregates = new Aggregates(store);
    this.callbacks = callbacks;
    this.alerts = alerts;
    this.clock = clock;
  }

  /**
   * The overview.
   *
   * @param callbackSuccessRatio final successes over final outcomes in the last hour, null without
   *     any
   */
  public record Overview(
      long applications,
      Map<Queue.State, Integer> queuesByState,
      long waiting,
      long active,
      Tally last24Hours,
      Double callbackSuccessRatio,
      long openAlerts) {}

  public Overview of(Caller caller) {
    caller.requireServerSide();
    Instant now = clock.instant();
    Set<Long> visible = caller.visibleApplications().orElse(null);
    List<Queue> mine = queues.all().stream().filter(q -> caller.sees(q.applicationId())).toList();
    Map<Queue.State, Integer> byState = new EnumMap<>(Queue.State.class);
    for (Queue.State state : Queue.State.values()) {
      byState.put(state, 0);
    }
    long waiting = 0;
    long active = 0;
    Tally day = Tally.EMPTY;
    for (Queue queue : mine) {
      byState.merge(queue.stateAt(now), 1, Integer::sum);
      if (lines.isOpen(queue.id())) {
        LineCounts counts = lines.counts(queue.id());
        waiting += counts.waiting();
        active += counts.active();
      }
    }
    // The stored rows first, then what is not flushed yet: a flush in between then leaves a count
    // out for a moment rather than counting it twice.
    Instant to = Resolution.HOUR.floor(now).plus(Resolution.HOUR.length());
    Map<Long, TreeMap<Instant, PeriodRow>> rows =
        aggregates.byQueue(
            Resolution.HOUR, new Scope(visible, null), to.minus(Duration.ofHours(24)), to);
    for (TreeMap<Instant, PeriodRow> periods : rows.values()) {
      for (PeriodRow row : periods.values()) {
        day = day.plusQueue(row.tally().withLengths(0, 0));
      }
    }
    for (Queue queue : mine) {
      day = day.plusQueue(flusher.unflushed(queue.id()).withLengths(0, 0));
    }
    long successes = 0;
    long outcomes = 0;
    for (CallbackOutcomes.Tally t : callbacks.recentByApplication(CallbackOutcomes.HORIZON, now)) {
      if (caller.sees(t.applicationId())) {
        successes += t.successes();
        outcomes += t.total();
      }
    }
    long firing =
        alerts
            .list(
                caller,
                new AlertService.Criteria(null, null, Alert.State.FIRING, null, null, null),
                new PageRequest(1, 1))
            .total();
    long apps = applications.list(new PageRequest(1, 1), caller.visibleApplications()).total();
    return new Overview(
        apps,
        byState,
        waiting,
        active,
        day,
        outcomes == 0 ? null : (double) successes / outcomes,
        firing);
  }
}

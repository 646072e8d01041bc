package dev.anteroom.metrics;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.waiting.JoinRequests;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.StatusPolls;
import dev.anteroom.waiting.store.WaitingLineStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The one place the core's counters become metrics, under the names of the system Anteroom
 * replaces: {@code queue_users_released_total}, {@code queue_users_expired_total} and {@code
 * queue_size}, plus joins, cancellations, completions, active passes, the configured and the
 * observed release rate, whether the queue releases at all, and status polls. Every series of a
 * queue is tagged with {@code queue_id} and {@code application_id} only and goes away with its
 * queue. {@code anteroom_release_lag_seconds} is how far the release engine is behind its loop.
 *
 * <p>The counters count what this process saw since it started: a restart starts them at 0 again
 * (which Prometheus's {@code rate()} and {@code increase()} read as a counter reset), and the line
 * rebuilt from the database at start-up counts nothing, so no visitor is counted twice. With
 * several nodes each counts what it did (joins where they were taken, releases and expiries where
 * the application is paced), so sums over the nodes are right; the gauges come from the node that
 * paces the queue's application only ({@link PacedGauges}).
 */
@Component
class QueueMetrics implements QueueService.ChangeListener, SmartInitializingSingleton {

  private final MeterRegistry registry;
  private final QueueDirectory queues;
  private final WaitingLineStore store;
  private final LineMeters meters;
  private final ReleaseEngine engine;
  private final Clock clock;
  private final Map<Long, List<Meter>> registered = new ConcurrentHashMap<>();

  QueueMetrics(
      MeterRegistry registry,
      QueueDirectory queues,
      WaitingLineStore store,
      LineMeters meters,
      StatusPolls polls,
      JoinRequests joins,
      ReleaseEngine engine,
      PacedGauges paced,
      Clock clock) {
    this.registry = registry;
    this.queues = queues;
    this.store = store;
    this.meters = meters;
    this.engine = engine;
    this.clock = clock;
    FunctionCounter.builder("anteroom.status.requests", polls.count(), LongAdder::sum)
        .description("Status polls served by the lean status path")
        .register(registry);
    for (int status : JoinRequests.STATUSES) {
      joinCounter(registry, joins.of(status), Integer.toString(status));
    }
    joinCounter(registry, joins.of(0), "other");
    TimeGauge.builder(
            "anteroom.release.lag",
            engine,
            TimeUnit.MILLISECONDS,
            e -> e.lag(clock.instant()).toMillis())
        .description(
            "Time since the release engine last began a round of steps, or since the oldest queue"
                + " step still running began")
        .register(registry);
    paced.add(this::gauges);
  }

  @Override
  public void afterSingletonsInstantiated() {
    queues.follow(this);
    queues.all().forEach(this::queueChanged);
  }

  @Override
  public void queueChanged(Queue queue) {
    registered.computeIfAbsent(queue.id(), id -> register(queue));
  }

  @Override
  public void queueDeleted(long queueId) {
    List<Meter> gone = registered.remove(queueId);
    if (gone != null) {
      gone.forEach(registry::remove);
    }
  }

  private static Tags tags(Queue queue) {
    return Tags.of(
        "queue_id",
        Long.toString(queue.id()),
        "application_id",
        Long.toString(queue.applicationId()));
  }

  /** The counters, on every node: each counts what it did, so sums over the nodes add up. */
  private List<Meter> register(Queue queue) {
    long id = queue.id();
    Tags tags = tags(queue);
    LineMeters.Counts counts = meters.of(id);
    List<Meter> all = new ArrayList<>();
    all.add(
        counter(
            "queue.users.released", "Visitors let through", tags, counts, c -> c.released.sum()));
    all.add(
        counter(
            "queue.users.expired",
            "Visitors who went idle, or whose pass ran out (completions are counted apart)",
            tags,
            counts,
            LineMeters.Counts::expired));
    all.add(
        counter("queue.users.joined", "Visitors who joined", tags, counts, c -> c.joined.sum()));
    all.add(
        counter(
            "queue.users.cancelled", "Visitors who left", tags, counts, c -> c.cancelled.sum()));
    all.add(
        counter(
            "queue.users.completed",
            "Visitors whose pass the tenant ended early (POST /complete)",
            tags,
            counts,
            c -> c.completed.sum()));
    return all;
  }

  /** The gauges, on the node that paces the queue's application only (see {@link PacedGauges}). */
  private List<Meter> gauges(Queue queue) {
    long id = queue.id();
    Tags tags = tags(queue);
    List<Meter> all = new ArrayList<>();
    all.add(
        gauge(
            "queue.size",
            "Visitors waiting",
            tags,
            s -> s.isOpen(id) ? s.counts(id).waiting() : 0));
    all.add(
        gauge(
            "queue.active.users",
            "Released visitors whose pass is still valid",
            tags,
            s -> s.isOpen(id) ? s.counts(id).active() : 0));
    all.add(
        Gauge.builder(
                "queue.release.rate.per.minute",
                queues,
                q -> q.find(id).map(c -> c.settings().releaseRatePerMinute()).orElse(0))
            .description("The queue's configured release rate, visitors a minute")
            .tags(tags)
            .register(registry));
    all.add(
        Gauge.builder(
                "queue.observed.release.rate.per.minute",
                engine,
                e -> {
                  Double observed = e.observedRatePerMinute(id, clock.instant());
                  return observed == null ? 0 : observed;
                })
            .description(
                "Visitors a minute who really left the line lately (the ETA's measure); 0 until"
                    + " enough departures were seen")
            .tags(tags)
            .register(registry));
    all.add(
        Gauge.builder("queue.releasing", queues, q -> releasing(q, id) ? 1 : 0)
            .description(
                "1 while the queue lets its line through (open, or closed to joins, and not paused)")
            .tags(tags)
            .register(registry));
    return all;
  }

  /** As the engine decides a step: a closed queue still lets its line through, a paused one not. */
  private boolean releasing(QueueDirectory directory, long id) {
    return directory.find(id).filter(q -> !q.paused() && q.isOpenAt(clock.instant())).isPresent();
  }

  private Meter gauge(
      String name, String description, Tags tags, ToDoubleFunction<WaitingLineStore> value) {
    return Gauge.builder(name, store, value).description(description).tags(tags).register(registry);
  }

  private static void joinCounter(MeterRegistry registry, LongAdder count, String status) {
    FunctionCounter.builder("anteroom.join.requests", count, LongAdder::sum)
        .description("Join requests answered by the lean join path, by HTTP status")
        .tag("status", status)
        .register(registry);
  }

  private Meter counter(
      String name,
      String description,
      Tags tags,
      LineMeters.Counts counts,
      ToDoubleFunction<LineMeters.Counts> value) {
    return FunctionCounter.builder(name, counts, value)
        .description(description)
        .tags(tags)
        .register(registry);
  }
}

package dev.anteroom.metrics;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.StatusPolls;
import dev.anteroom.waiting.store.WaitingLineStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * The one place the core's counters become metrics, under the names of the system Anteroom
 * replaces: {@code queue_users_released_total}, {@code queue_users_expired_total} and {@code
 * queue_size}, plus joins, cancellations, active passes and status polls. Every series is tagged
 * with {@code queue_id} and {@code application_id} and goes away with its queue.
 */
@Component
class QueueMetrics implements QueueService.ChangeListener, SmartInitializingSingleton {

  private final MeterRegistry registry;
  private final QueueDirectory queues;
  private final WaitingLineStore store;
  private final LineMeters meters;
  private final Map<Long, List<Meter>> registered = new ConcurrentHashMap<>();

  QueueMetrics(
      MeterRegistry registry,
      QueueDirectory queues,
      WaitingLineStore store,
      LineMeters meters,
      StatusPolls polls) {
    this.registry = registry;
    this.queues = queues;
    this.store = store;
    this.meters = meters;
    FunctionCounter.builder("anteroom.status.requests", polls.count(), LongAdder::sum)
        .description("Status polls served by the lean status path")
        .register(registry);
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

  private List<Meter> register(Queue queue) {
    long id = queue.id();
    Tags tags =
        Tags.of(
            "queue_id", Long.toString(id), "application_id", Long.toString(queue.applicationId()));
    LineMeters.Counts counts = meters.of(id);
    List<Meter> all = new ArrayList<>();
    all.add(
        counter(
            "queue.users.released", "Visitors let through", tags, counts, c -> c.released.sum()));
    all.add(
        counter(
            "queue.users.expired",
            "Visitors who went idle, or whose pass ran out or was completed",
            tags,
            counts,
            LineMeters.Counts::expired));
    all.add(
        counter("queue.users.joined", "Visitors who joined", tags, counts, c -> c.joined.sum()));
    all.add(
        counter(
            "queue.users.cancelled", "Visitors who left", tags, counts, c -> c.cancelled.sum()));
    all.add(
        Gauge.builder("queue.size", store, s -> s.isOpen(id) ? s.counts(id).waiting() : 0)
            .description("Visitors waiting")
            .tags(tags)
            .register(registry));
    all.add(
        Gauge.builder("queue.active.users", store, s -> s.isOpen(id) ? s.counts(id).active() : 0)
            .description("Released visitors whose pass is still valid")
            .tags(tags)
            .register(registry));
    return all;
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

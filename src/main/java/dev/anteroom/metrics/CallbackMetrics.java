package dev.anteroom.metrics;

import dev.anteroom.callback.DeliveryObserver;
import dev.anteroom.callback.DeliveryResult;
import dev.anteroom.callback.Dispatcher;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Callback delivery as metrics, tagged {@code application_id} and {@code queue_id}: {@code
 * callback_success_total} (events delivered), {@code callback_failure_total} (events failed for
 * good), {@code callback_attempts_total{outcome}} (each attempt: {@code 2xx}, {@code 3xx}, {@code
 * 4xx}, {@code 5xx}, or the error kind such as {@code timeout}), {@code callback_duration_seconds}
 * (a histogram of attempt durations) and {@code callback_pending} (events waiting for delivery or a
 * retry, re-read every few seconds). With several nodes the counters and the histogram count what
 * each node delivered, and {@code callback_pending}, the same count from the shared outbox on every
 * node, is reported by the node that paces the queue's application only.
 */
@Component
class CallbackMetrics
    implements DeliveryObserver, QueueService.ChangeListener, SmartInitializingSingleton {

  private final MeterRegistry registry;
  private final Dispatcher dispatcher;
  private final QueueDirectory queues;
  private final Map<Long, QueueMeters> byQueue = new ConcurrentHashMap<>();

  CallbackMetrics(
      MeterRegistry registry, Dispatcher dispatcher, QueueDirectory queues, PacedGauges paced) {
    this.registry = registry;
    this.dispatcher = dispatcher;
    this.queues = queues;
    // Every node reads the same count from the outbox: one reports it (see PacedGauges).
    paced.add(this::pending);
  }

  private List<Meter> pending(Queue queue) {
    long queueId = queue.id();
    return List.of(
        Gauge.builder("callback.pending", dispatcher, d -> d.pending(queueId))
            .description("Callback events waiting for delivery or a retry")
            .tags(
                Tags.of(
                    "queue_id",
                    Long.toString(queueId),
                    "application_id",
                    Long.toString(queue.applicationId())))
            .register(registry));
  }

  @Override
  public void afterSingletonsInstantiated() {
    dispatcher.observe(this);
    queues.follow(this);
    queues.all().forEach(this::queueChanged);
  }

  @Override
  public void attempted(long applicationId, long queueId, DeliveryResult result) {
    QueueMeters meters = known(queueId);
    if (meters == null) {
      return;
    }
    meters
        .attempts
        .computeIfAbsent(
            outcome(result),
            outcome ->
                register(
                    meters,
                    Counter.builder("callback.attempts")
                        .description("Callback delivery attempts, by outcome")
                        .tags(meters.tags.and("outcome", outcome))
                        .register(registry)))
        .increment();
    if (result.elapsed() != null) {
      meters.duration.record(result.elapsed());
    }
  }

  @Override
  public void finished(long applicationId, long queueId, boolean success) {
    QueueMeters meters = known(queueId);
    if (meters == null) {
      return;
    }
    (success ? meters.success : meters.failure).increment();
  }

  @Override
  public void queueChanged(Queue queue) {
    meters(queue.applicationId(), queue.id());
  }

  @Override
  public void queueDeleted(long queueId) {
    QueueMeters gone = byQueue.remove(queueId);
    if (gone != null) {
      gone.all.forEach(registry::remove);
    }
  }

  private static String outcome(DeliveryResult result) {
    return result.status() == 0 ? result.errorKind() : (result.status() / 100) + "xx";
  }

  /**
   * The meters of a queue the directory holds; null for a deleted queue, whose last events (failed
   * as queue_gone) must not bring its series back.
   */
  private QueueMeters known(long queueId) {
    QueueMeters meters = byQueue.get(queueId);
    if (meters != null) {
      return meters;
    }
    return queues.find(queueId).map(q -> meters(q.applicationId(), q.id())).orElse(null);
  }

  private QueueMeters meters(long applicationId, long queueId) {
    return byQueue.computeIfAbsent(queueId, id -> new QueueMeters(applicationId, queueId));
  }

  private <M extends Meter> M register(QueueMeters meters, M meter) {
    meters.all.add(meter);
    return meter;
  }

  private final class QueueMeters {
    final Tags tags;
    final List<Meter> all = new CopyOnWriteArrayList<>();
    final Counter success;
    final Counter failure;
    final Timer duration;
    final Map<String, Counter> attempts = new ConcurrentHashMap<>();

    QueueMeters(long applicationId, long queueId) {
      tags =
          Tags.of(
              "queue_id", Long.toString(queueId), "application_id", Long.toString(applicationId));
      success =
          register(
              this,
              Counter.builder("callback.success")
                  .description("Callback events delivered")
                  .tags(tags)
                  .register(registry));
      failure =
          register(
              this,
              Counter.builder("callback.failure")
                  .description("Callback events that failed for good, after the last retry")
                  .tags(tags)
                  .register(registry));
      duration =
          register(
              this,
              Timer.builder("callback.duration")
                  .description("Duration of callback delivery attempts")
                  .tags(tags)
                  .publishPercentileHistogram()
                  .register(registry));
    }
  }
}

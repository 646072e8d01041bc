package dev.anteroom.dashboard.spring;

import dev.anteroom.dashboard.WaitBuckets;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueService;
import dev.anteroom.waiting.store.ReleasedVisitor;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code queue_wait_seconds}: the join-to-release wait of every visitor the engine lets through,
 * per queue, in the same fixed buckets as the aggregate rows (few series per queue), removed with
 * the queue.
 */
final class WaitHistogram implements QueueService.ChangeListener {

  private final MeterRegistry registry;
  private final QueueDirectory queues;
  private final Map<Long, DistributionSummary> byQueue = new ConcurrentHashMap<>();

  WaitHistogram(MeterRegistry registry, QueueDirectory queues) {
    this.registry = registry;
    this.queues = queues;
  }

  void record(Queue queue, List<ReleasedVisitor> visitors) {
    DistributionSummary summary = byQueue.get(queue.id());
    if (summary == null) {
      // A queue deleted while its release step ran must not get its series back for good.
      if (queues.find(queue.id()).isEmpty()) {
        return;
      }
      summary = byQueue.computeIfAbsent(queue.id(), id -> register(queue));
    }
    DistributionSummary into = summary;
    visitors.forEach(visitor -> into.record(visitor.waitSeconds()));
  }

  private DistributionSummary register(Queue queue) {
    return DistributionSummary.builder("queue.wait")
        .baseUnit("seconds")
        .description("Join-to-release wait of visitors let through, to the second")
        .tags(
            "queue_id",
            Long.toString(queue.id()),
            "application_id",
            Long.toString(queue.applicationId()))
        .serviceLevelObjectives(WaitBuckets.BOUNDS)
        .register(registry);
  }

  @Override
  public void queueChanged(Queue queue) {
    if (queues.find(queue.id()).isPresent()) {
      byQueue.computeIfAbsent(queue.id(), id -> register(queue));
    }
  }

  @Override
  public void queueDeleted(long queueId) {
    DistributionSummary gone = byQueue.remove(queueId);
    if (gone != null) {
      registry.remove(gone);
    }
  }
}

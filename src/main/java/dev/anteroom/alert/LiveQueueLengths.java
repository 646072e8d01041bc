package dev.anteroom.alert;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Application;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Queue lengths from memory (the directory's live queues and their lines' counts) with each queue's
 * threshold: its own {@code alert_queue_length} when set (0 turns its alert off), else the global
 * one. Rehearsal ({@code simulation}) queues are left out: like callbacks, alerts are something a
 * rehearsal must not send.
 */
public final class LiveQueueLengths implements QueueLengths {

  private final QueueDirectory queues;
  private final WaitingLineStore lines;
  private final Supplier<Map<Long, Integer>> overrides;
  private final int globalThreshold;

  /**
   * @param overrides the queues whose {@code alert_queue_length} is set, with its value; read on
   *     every evaluation
   * @param globalThreshold {@code QUEUE_THRESHOLD}; 0 turns the alert off where no queue overrides
   */
  public LiveQueueLengths(
      QueueDirectory queues,
      WaitingLineStore lines,
      Supplier<Map<Long, Integer>> overrides,
      int globalThreshold) {
    this.queues = queues;
    this.lines = lines;
    this.overrides = overrides;
    this.globalThreshold = globalThreshold;
  }

  @Override
  public List<QueueLength> current() {
    Map<Long, Integer> own = overrides.get();
    List<QueueLength> lengths = new ArrayList<>();
    for (Queue queue : queues.all()) {
      if (queue.settings().simulation() || !lines.isOpen(queue.id())) {
        continue;
      }
      int threshold = own.getOrDefault(queue.id(), globalThreshold);
      String application =
          queues.application(queue.applicationId()).map(Application::name).orElse("?");
      lengths.add(
          new QueueLength(
              queue.applicationId(),
              application,
              queue.id(),
              queue.settings().name(),
              lines.counts(queue.id()).waiting(),
              threshold <= 0 ? null : threshold));
    }
    return lengths;
  }
}

package dev.anteroom.alert;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Application;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Queue lengths from memory (the directory's live queues and their lines' counts) with each queue's
 * threshold: its own {@code alert_queue_length} when set (0 turns its alert off), else the global
 * one. Rehearsal ({@code simulation}) queues are left out: like callbacks, alerts are something a
 * rehearsal must not send.
 */
public final class LiveQueueLengths implements QueueLengths {

  private final QueueDirectory queues;
  private final WaitingLineStore lines;
  private final int globalThreshold;

  /**
   * @param globalThreshold {@code QUEUE_THRESHOLD}; 0 turns the alert off where no queue overrides
   */
  public LiveQueueLengths(QueueDirectory queues, WaitingLineStore lines, int globalThreshold) {
    this.queues = queues;
    this.lines = lines;
    this.globalThreshold = globalThreshold;
  }

  @Override
  public List<QueueLength> current() {
    // Thresholds come with the queues from memory, so the rule keeps working while the database
    // is down, which is when queues grow.
    List<QueueLength> lengths = new ArrayList<>();
    for (Queue queue : queues.all()) {
      if (queue.settings().simulation() || !lines.isOpen(queue.id())) {
        continue;
      }
      Integer threshold = queue.settings().queueLengthThreshold(globalThreshold);
      String application =
          queues.application(queue.applicationId()).map(Application::name).orElse("?");
      lengths.add(
          new QueueLength(
              queue.applicationId(),
              application,
              queue.id(),
              queue.settings().name(),
              lines.counts(queue.id()).waiting(),
              threshold));
    }
    return lengths;
  }
}

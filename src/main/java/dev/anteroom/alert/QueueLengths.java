package dev.anteroom.alert;

import java.util.List;

/** The waiting counts of the live queues, with each queue's alert threshold. */
@FunctionalInterface
public interface QueueLengths {

  List<QueueLength> current();

  /**
   * One queue's reading.
   *
   * @param threshold the count above which it alerts, or null when its alert is off
   */
  record QueueLength(
      long applicationId,
      String applicationName,
      long queueId,
      String queueName,
      int waiting,
      Integer threshold) {}
}

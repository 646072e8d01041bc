package dev.anteroom.waiting.spring;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueSettings;
import dev.anteroom.tenant.Application;
import dev.anteroom.waiting.store.EventSubscriptions;
import dev.anteroom.waiting.store.VisitorEvent;

/**
 * Which changes go to the callback outbox, read from the queue directory, which holds every queue
 * and application in memory (changes on this node at once, the rest within its refresh of a few
 * seconds), so the release path never reads the database for it. A queue records an event when it
 * is not a rehearsal ({@code simulation}), has a target (its own {@code callback_url}, else its
 * application's), and lists the event ({@code visitor.released} always).
 */
final class QueueEventSubscriptions implements EventSubscriptions {

  private final QueueDirectory directory;

  QueueEventSubscriptions(QueueDirectory directory) {
    this.directory = directory;
  }

  @Override
  public boolean records(long queueId, VisitorEvent event) {
    Queue queue = directory.find(queueId).orElse(null);
    if (queue == null) {
      return false;
    }
    QueueSettings settings = queue.settings();
    return !settings.simulation()
        && settings.callbackEvents().includes(event.wireName())
        && hasTarget(queue);
  }

  private boolean hasTarget(Queue queue) {
    return queue.settings().callbackUrl() != null
        || directory.application(queue.applicationId()).map(Application::callbackUrl).isPresent();
  }
}

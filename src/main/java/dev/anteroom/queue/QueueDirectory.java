package dev.anteroom.queue;

import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.ApplicationService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The live queues and their applications, held in memory so that a poll and a release step never
 * read the database for settings. Changes made through this node arrive at once as {@link
 * QueueService.ChangeListener} calls; {@link #refresh} picks up the rest (other nodes, application
 * settings) and runs every few seconds.
 */
public final class QueueDirectory
    implements QueueService.ChangeListener, ApplicationService.ChangeListener {

  private final Supplier<List<Queue>> queueLoader;
  private final Supplier<List<Application>> applicationLoader;
  private final Map<Long, Queue> queues = new ConcurrentHashMap<>();
  private final Map<Long, Application> applications = new ConcurrentHashMap<>();
  // Ids are never reused, so a deleted queue stays deleted: no stale read may bring it back.
  private final Set<Long> deleted = ConcurrentHashMap.newKeySet();
  private final List<QueueService.ChangeListener> followers = new CopyOnWriteArrayList<>();

  public QueueDirectory(
      Supplier<List<Queue>> queueLoader, Supplier<List<Application>> applicationLoader) {
    this.queueLoader = queueLoader;
    this.applicationLoader = applicationLoader;
  }

  /** Someone to tell when a queue changes or goes, after the directory has. */
  public void follow(QueueService.ChangeListener follower) {
    followers.add(follower);
  }

  /**
   * Re-reads every queue and application. Only what was already held before the read began and is
   * missing from it counts as deleted, so something created while the read ran is not lost.
   */
  public void refresh() {
    Set<Long> heldApplications = Set.copyOf(applications.keySet());
    Map<Long, Application> liveApplications =
        applicationLoader.get().stream()
            .collect(Collectors.toMap(Application::id, Function.identity()));
    heldApplications.stream()
        .filter(id -> !liveApplications.containsKey(id))
        .forEach(applications::remove);
    // Keep a copy changed on this node while the read ran over the older one the read found.
    liveApplications.forEach(
        (id, fresh) ->
            applications.merge(
                id,
                fresh,
                (held, read) -> read.updatedAt().isBefore(held.updatedAt()) ? held : read));
    Set<Long> heldQueues = Set.copyOf(queues.keySet());
    Map<Long, Queue> live =
        queueLoader.get().stream().collect(Collectors.toMap(Queue::id, Function.identity()));
    for (Long gone : heldQueues) {
      if (!live.containsKey(gone)) {
        queueDeleted(gone);
      }
    }
    live.values().forEach(this::queueChanged);
  }

  public Optional<Queue> find(long queueId) {
    return Optional.ofNullable(queues.get(queueId));
  }

  public Collection<Queue> all() {
    return queues.values();
  }

  public Optional<Application> application(long applicationId) {
    return Optional.ofNullable(applications.get(applicationId));
  }

  @Override
  public void applicationChanged(Application application) {
    applications.put(application.id(), application);
  }

  /**
   * Takes a copy of a queue unless the directory already holds a newer one (a higher {@link
   * Queue#version}), or the queue was deleted: a refresh that read the row before a pause or a
   * deletion and lands after it must not undo it.
   */
  @Override
  public void queueChanged(Queue queue) {
    if (deleted.contains(queue.id())) {
      return;
    }
    Queue[] previous = new Queue[1];
    Queue kept =
        queues.compute(
            queue.id(),
            (id, held) -> {
              previous[0] = held;
              return held != null && held.version() > queue.version() ? held : queue;
            });
    if (kept == queue && !queue.equals(previous[0])) {
      followers.forEach(f -> f.queueChanged(queue));
    }
  }

  @Override
  public void queueDeleted(long queueId) {
    deleted.add(queueId);
    if (queues.remove(queueId) != null) {
      followers.forEach(f -> f.queueDeleted(queueId));
    }
  }
}

package dev.anteroom.queue;

import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.ApplicationService;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  public void refresh() {
    Map<Long, Application> liveApplications =
        applicationLoader.get().stream()
            .collect(Collectors.toMap(Application::id, Function.identity()));
    applications.keySet().retainAll(liveApplications.keySet());
    applications.putAll(liveApplications);
    Map<Long, Queue> live =
        queueLoader.get().stream().collect(Collectors.toMap(Queue::id, Function.identity()));
    for (Long gone : List.copyOf(queues.keySet())) {
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

  @Override
  public void queueChanged(Queue queue) {
    Queue previous = queues.put(queue.id(), queue);
    if (!queue.equals(previous)) {
      followers.forEach(f -> f.queueChanged(queue));
    }
  }

  @Override
  public void queueDeleted(long queueId) {
    if (queues.remove(queueId) != null) {
      followers.forEach(f -> f.queueDeleted(queueId));
    }
  }
}

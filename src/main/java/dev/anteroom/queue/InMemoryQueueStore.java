package dev.anteroom.queue;

import dev.anteroom.common.ConflictException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue store's in-memory twin: for engine tests and for simulations, which must never touch
 * real queues.
 */
public final class InMemoryQueueStore implements QueueStore {

  private final Map<Long, Queue> queues = new ConcurrentHashMap<>();

  /** Puts a queue as it is, for tests that build queues directly. */
  public void put(Queue queue) {
    queues.put(queue.id(), queue);
  }

  @Override
  public synchronized Queue create(
      long id, long applicationId, QueueSettings settings, Instant now) {
    boolean taken =
        queues.values().stream()
            .anyMatch(
                q ->
                    q.applicationId() == applicationId
                        && q.settings().name().equals(settings.name()));
    if (taken) {
      throw new ConflictException("name_taken", "a queue named " + settings.name() + " exists");
    }
    Queue queue = new Queue(id, applicationId, settings, false, null, now, now, 0);
    queues.put(id, queue);
    return queue;
  }

  @Override
  public Optional<Queue> find(long id) {
    return Optional.ofNullable(queues.get(id));
  }

  @Override
  public Page<Queue> list(PageRequest page, Optional<Set<Long>> applications) {
    List<Queue> all =
        queues.values().stream()
            .filter(q -> applications.map(a -> a.contains(q.applicationId())).orElse(true))
            .sorted(Comparator.comparing(Queue::createdAt).thenComparing(Queue::id))
            .toList();
    List<Queue> items = all.stream().skip(page.offset()).limit(page.size()).toList();
    return new Page<>(items, page.page(), page.size(), all.size());
  }

  @Override
  public List<Queue> all() {
    return List.copyOf(queues.values());
  }

  @Override
  public Optional<Queue> update(long id, QueueSettings settings, Instant now) {
    return Optional.ofNullable(
        queues.computeIfPresent(id, (key, q) -> q.withSettings(settings, now)));
  }

  @Override
  public Optional<Queue> setPaused(long id, boolean paused, Instant now) {
    return Optional.ofNullable(queues.computeIfPresent(id, (key, q) -> q.withPaused(paused, now)));
  }

  @Override
  public synchronized boolean recordShuffle(long id, Queue.Shuffle shuffle) {
    Queue queue = queues.get(id);
    if (queue == null || queue.shuffle() != null) {
      return false;
    }
    queues.put(id, queue.withShuffle(shuffle));
    return true;
  }

  @Override
  public boolean delete(long id, Instant now) {
    return queues.remove(id) != null;
  }

  @Override
  public int deleteAllOf(long applicationId, Instant now) {
    List<Long> gone =
        queues.values().stream()
            .filter(q -> q.applicationId() == applicationId)
            .map(Queue::id)
            .toList();
    gone.forEach(queues::remove);
    return gone.size();
  }
}

package dev.anteroom.queue;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where queue definitions live. Deleted queues are invisible to every method. */
public interface QueueStore {

  /**
   * @throws dev.anteroom.common.ConflictException if the application has a live queue of that name
   */
  Queue create(long id, long applicationId, QueueSettings settings, Instant now);

  Optional<Queue> find(long id);

  /** A page of live queues, restricted to {@code applications} when it is present. */
  Page<Queue> list(PageRequest page, Optional<Set<Long>> applications);

  /** Every live queue, for the release engine. */
  List<Queue> all();

  Optional<Queue> update(long id, QueueSettings settings, Instant now);

  Optional<Queue> setPaused(long id, boolean paused, Instant now);

  /** Records the opening shuffle; false if one was already recorded. */
  boolean recordShuffle(long id, Queue.Shuffle shuffle);

  boolean delete(long id, Instant now);

  /** Soft-deletes every queue of the application. */
  int deleteAllOf(long applicationId, Instant now);
}

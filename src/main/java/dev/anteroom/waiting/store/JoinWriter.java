package dev.anteroom.waiting.store;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.StoreUnavailableException;
import dev.anteroom.common.UnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for joins: callers hand their join to one writer thread and wait; the writer takes
 * every join that has arrived meanwhile and commits them in one transaction. Under load a commit
 * carries hundreds of joins, so durable joins cost a fraction of a transaction each.
 *
 * <p>The inbox is bounded: when it is full a join is refused at once (503, retry in a second)
 * rather than queued behind work the database cannot keep up with. Each join has a deadline, and
 * its outcome is never unknown: a caller whose deadline passes before the writer has taken its join
 * withdraws it, and the writer skips it; once the writer has taken it, the caller waits for the
 * commit and answers its outcome, whatever the time.
 */
final class JoinWriter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JoinWriter.class);

  static final int MAX_BATCH = 1000;
  static final int DEFAULT_CAPACITY = 10_000;
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final ArrayBlockingQueue<PendingJoin> inbox;
  private final Duration deadline;
  private final Consumer<List<PendingJoin>> writeBatch;
  private final Thread thread;
  private volatile boolean running = true;

  JoinWriter(Consumer<List<PendingJoin>> writeBatch) {
    this(writeBatch, DEFAULT_CAPACITY, DEFAULT_DEADLINE);
  }

  JoinWriter(Consumer<List<PendingJoin>> writeBatch, int capacity, Duration deadline) {
    this.inbox = new ArrayBlockingQueue<>(capacity);
    this.deadline = deadline;
    this.writeBatch = writeBatch;
    this.thread = Thread.ofPlatform().name("anteroom-join-writer").daemon().start(this::run);
  }

  Joined submit(PendingJoin join) {
    if (!running) {
      throw new StoreUnavailableException("the join writer is shut down", null);
    }
    if (!inbox.offer(join)) {
      throw new UnavailableException(
          "overloaded",
          "too many joins are waiting to be recorded; nothing was recorded, try again",
          RETRY);
    }
    try {
      try {
        return join.result.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException late) {
        if (join.withdraw()) {
          throw new UnavailableException(
              "join_timeout",
              "the join was not recorded within "
                  + deadline.toSeconds()
                  + " s; nothing was"
                  + " recorded, try again",
              RETRY);
        }
        return join.result.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AnteroomException known) {
        throw known;
      }
      throw new StoreUnavailableException("the join could not be recorded", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (join.withdraw()) {
        throw new StoreUnavailableException("interrupted; the join was not recorded", e);
      }
      throw new StoreUnavailableException("interrupted while recording the join", e);
    }
  }

  /** Joins waiting to be taken for a commit. */
  int pending() {
    return inbox.size();
  }

  private void run() {
    List<PendingJoin> batch = new ArrayList<>(MAX_BATCH);
    while (running || !inbox.isEmpty()) {
      try {
        PendingJoin first = inbox.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        inbox.drainTo(batch, MAX_BATCH - 1);
        batch.removeIf(join -> !join.take());
        if (!batch.isEmpty()) {
          writeBatch.accept(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | Error e) {
        // Whatever went wrong, the writer lives on: every join behind this batch still needs it.
        log.error(
            "the join writer failed on a batch of {}; those joins are refused", batch.size(), e);
        batch.forEach(
            join ->
                join.result.completeExceptionally(
                    new StoreUnavailableException("the join could not be recorded", e)));
      } finally {
        batch.clear();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(DEFAULT_DEADLINE.toMillis() * 6);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A join waiting for its commit. */
  static final class PendingJoin {
    private static final int WAITING = 0;
    private static final int TAKEN = 1;
    private static final int WITHDRAWN = 2;

    final long queueId;
    final NewVisitor visitor;
    final long keyHash;
    final Integer maxWaiting;
    final CompletableFuture<Joined> result = new CompletableFuture<>();
    private final AtomicInteger state = new AtomicInteger(WAITING);

    /**
     * @param maxWaiting the most visitors the line may hold waiting once this one joins, or null
     */
    PendingJoin(long queueId, NewVisitor visitor, long keyHash, Integer maxWaiting) {
      this.queueId = queueId;
      this.visitor = visitor;
      this.keyHash = keyHash;
      this.maxWaiting = maxWaiting;
    }

    /** The writer takes the join; false if its caller has already given up on it. */
    boolean take() {
      return state.compareAndSet(WAITING, TAKEN);
    }

    /** The caller gives up; false if the writer already took the join. */
    boolean withdraw() {
      return state.compareAndSet(WAITING, WITHDRAWN);
    }
  }
}

package dev.anteroom.waiting;

import dev.anteroom.common.StoreUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Group commit for joins: callers hand their join to one writer thread and wait; the writer takes
 * every join that has arrived meanwhile and commits them in one transaction. Under load a commit
 * carries hundreds of joins, so durable joins cost a fraction of a transaction each.
 */
final class JoinWriter implements AutoCloseable {

  static final int MAX_BATCH = 1000;
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LinkedBlockingQueue<PendingJoin> inbox = new LinkedBlockingQueue<>();
  private final Consumer<List<PendingJoin>> writeBatch;
  private final Thread thread;
  private volatile boolean running = true;

  JoinWriter(Consumer<List<PendingJoin>> writeBatch) {
    this.writeBatch = writeBatch;
    this.thread = Thread.ofPlatform().name("anteroom-join-writer").daemon().start(this::run);
  }

  Joined submit(long queueId, NewVisitor visitor, long keyHash) {
    if (!running) {
      throw new StoreUnavailableException("the join writer is shut down", null);
    }
    PendingJoin join = new PendingJoin(queueId, visitor, keyHash);
    inbox.add(join);
    try {
      return join.result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StoreUnavailableException("the join could not be recorded", e.getCause());
    } catch (TimeoutException e) {
      throw new StoreUnavailableException("the join was not recorded in time", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while recording the join", e);
    }
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
        writeBatch.accept(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        batch.forEach(join -> join.result.completeExceptionally(e));
      } finally {
        batch.clear();
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A join waiting for its commit. */
  static final class PendingJoin {
    final long queueId;
    final NewVisitor visitor;
    final long keyHash;
    final CompletableFuture<Joined> result = new CompletableFuture<>();

    PendingJoin(long queueId, NewVisitor visitor, long keyHash) {
      this.queueId = queueId;
      this.visitor = visitor;
      this.keyHash = keyHash;
    }
  }
}

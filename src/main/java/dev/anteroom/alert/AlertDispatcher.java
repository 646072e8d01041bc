package dev.anteroom.alert;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands alert messages to the channels without making anyone wait: {@link #submit} queues the
 * message for each channel and returns; each channel sends on the executor, one message at a time,
 * so a hanging mail server delays neither the webhook nor the evaluator, the release engine or the
 * API. A failed send is retried at stored due times ({@link Backoff}), which {@link #sendDue} (run
 * by {@link #kick}, which a ticker calls every second and tests call after moving the clock) picks
 * up; after the last attempt the message is given up with an ERROR. Each channel holds at most
 * {@code capacity} messages; beyond that the oldest goes.
 */
public final class AlertDispatcher {

  private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);

  private final List<Worker> workers = new ArrayList<>();
  private final Executor executor;
  private final Clock clock;
  private final Backoff backoff;
  private final int capacity;

  public AlertDispatcher(
      List<AlertChannel> channels, Executor executor, Clock clock, Backoff backoff, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a channel must hold at least one message: " + capacity);
    }
    channels.forEach(channel -> workers.add(new Worker(channel)));
    this.executor = executor;
    this.clock = clock;
    this.backoff = backoff;
    this.capacity = capacity;
  }

  /** Queues the message for every channel and starts sending; never blocks on a channel. */
  public void submit(AlertNotice notice) {
    Instant now = clock.instant();
    for (Worker worker : workers) {
      worker.add(new Delivery(notice, 0, now));
    }
    kick();
  }

  /** Starts a send round on every channel that has a message due and is not sending already. */
  public void kick() {
    Instant now = clock.instant();
    for (Worker worker : workers) {
      if (worker.hasDue(now)) {
        try {
          executor.execute(worker::sendDue);
        } catch (RejectedExecutionException shuttingDown) {
          return;
        }
      }
    }
  }

  /** Sends every due message of every channel on the calling thread (for tests and shutdown). */
  public void sendDue() {
    workers.forEach(Worker::sendDue);
  }

  /** Messages waiting (due or for a retry) over all channels. */
  public int pending() {
    return workers.stream().mapToInt(Worker::size).sum();
  }

  private record Delivery(AlertNotice notice, int failures, Instant dueAt) {}

  private final class Worker {
    private final AlertChannel channel;
    private final Deque<Delivery> queue = new ArrayDeque<>();
    private final ReentrantLock sending = new ReentrantLock();

    Worker(AlertChannel channel) {
      this.channel = channel;
    }

    synchronized void add(Delivery delivery) {
      if (queue.size() >= capacity) {
        Delivery dropped = queue.pollFirst();
        log.warn(
            "alert channel {}: {} messages already waiting; dropped the oldest, about alert {}",
            channel.describe(),
            capacity,
            dropped.notice().alert().id());
      }
      queue.addLast(delivery);
    }

    synchronized boolean hasDue(Instant now) {
      return queue.stream().anyMatch(d -> !d.dueAt().isAfter(now));
    }

    synchronized int size() {
      return queue.size();
    }

    private synchronized Delivery takeDue(Instant now) {
      for (var it = queue.iterator(); it.hasNext(); ) {
        Delivery delivery = it.next();
        if (!delivery.dueAt().isAfter(now)) {
          it.remove();
          return delivery;
        }
      }
      return null;
    }

    /** Sends what is due, one at a time; a second caller while one sends returns at once. */
    void sendDue() {
      if (!sending.tryLock()) {
        return;
      }
      try {
        Delivery delivery;
        while ((delivery = takeDue(clock.instant())) != null) {
          attempt(delivery);
        }
      } finally {
        sending.unlock();
      }
    }

    private void attempt(Delivery delivery) {
      Alert alert = delivery.notice().alert();
      try {
        channel.send(delivery.notice());
        if (delivery.failures() > 0) {
          log.info(
              "alert {} ({}): sent through {} after {} failed attempts",
              alert.id(),
              alert.kind().wireName(),
              channel.describe(),
              delivery.failures());
        }
      } catch (Exception e) {
        int failures = delivery.failures() + 1;
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        if (failures >= backoff.attempts()) {
          log.error(
              "alert {} ({}, {}): gave up sending through {} after {} attempts: {}",
              alert.id(),
              alert.kind().wireName(),
              delivery.notice().event(),
              channel.describe(),
              failures,
              e.toString());
          return;
        }
        Instant next = clock.instant().plus(backoff.after(failures));
        log.warn(
            "alert {} ({}, {}): sending through {} failed (attempt {} of {}), retrying at {}: {}",
            alert.id(),
            alert.kind().wireName(),
            delivery.notice().event(),
            channel.describe(),
            failures,
            backoff.attempts(),
            next,
            e.toString());
        synchronized (this) {
          queue.addLast(new Delivery(delivery.notice(), failures, next));
        }
      }
    }
  }
}

package dev.anteroom.release.spring;

import dev.anteroom.node.NodeLease;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives the engine: a release step five times a second (so a queue at 60 a minute lets one through
 * every second, not a burst of sixty every minute), each queue's step on a virtual thread, at most
 * {@value #STEPS_AT_ONCE} at once, so that a queue whose journal writes are slow holds up no other
 * queue; and, on a thread of its own, a re-read of queue settings every few seconds for changes
 * made elsewhere, so a slow settings query never delays a release. It steps only while this node
 * holds the {@link NodeLease}. Tests switch it off ({@code anteroom.release.loop-enabled=false})
 * and call the step themselves.
 */
@Component
@ConditionalOnProperty(name = "anteroom.release.loop-enabled", matchIfMissing = true)
class ReleaseLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReleaseLoop.class);
  static final Duration STEP = Duration.ofMillis(200);
  static final Duration REFRESH = Duration.ofSeconds(5);
  static final int STEPS_AT_ONCE = 4;

  private final ReleaseEngine engine;
  private final QueueDirectory queues;
  private final NodeLease lease;
  private ScheduledExecutorService ticker;
  private ScheduledExecutorService refresher;
  private ExecutorService steps;
  private volatile boolean refreshFailing;

  ReleaseLoop(ReleaseEngine engine, QueueDirectory queues, NodeLease lease) {
    this.engine = engine;
    this.queues = queues;
    this.lease = lease;
  }

  @Override
  public synchronized void start() {
    // At most STEPS_AT_ONCE queues write at the same time, so release steps never take the pool's
    // connections from joins and requests; a queue left waiting is late, and its pacer catches up.
    steps =
        Executors.newFixedThreadPool(
            STEPS_AT_ONCE, Thread.ofVirtual().name("anteroom-step-", 0).factory());
    ticker = singleThread("anteroom-release");
    ExecutorService perQueue = steps;
    ticker.scheduleWithFixedDelay(() -> tick(perQueue), 0, STEP.toMillis(), TimeUnit.MILLISECONDS);
    refresher = singleThread("anteroom-settings");
    refresher.scheduleWithFixedDelay(
        this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ScheduledExecutorService singleThread(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> Thread.ofPlatform().name(name).daemon().unstarted(runnable));
  }

  /** One release tick, each queue's step handed to {@code perQueue}. */
  void tick(Executor perQueue) {
    // A node that lost the lease may no longer own the line: another may be releasing from it.
    if (!lease.isHeld()) {
      return;
    }
    try {
      engine.releaseDue(perQueue);
    } catch (RuntimeException e) {
      log.error("release tick failed", e);
    }
  }

  private void refresh() {
    try {
      queues.refresh();
      if (refreshFailing) {
        refreshFailing = false;
        log.info("queue settings are read again");
      }
    } catch (RuntimeException e) {
      if (!refreshFailing) {
        refreshFailing = true;
        log.warn("could not refresh queue settings; retrying every {}: {}", REFRESH, e.toString());
      }
    }
  }

  @Override
  public synchronized void stop() {
    if (ticker != null) {
      ticker.shutdown();
      refresher.shutdown();
      try {
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        steps.shutdown();
        steps.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ticker = null;
      refresher = null;
      steps = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return ticker != null;
  }
}

package dev.anteroom.release.spring;

import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.release.ReleaseEngine;
import dev.anteroom.waiting.web.StatusStreams;
import java.time.Duration;
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
 * every second, not a burst of sixty every minute), pushes to event streams after each, and
 * re-reads queue settings every few seconds for changes made elsewhere. Tests switch it off ({@code
 * anteroom.release.loop-enabled=false}) and call the step themselves.
 */
@Component
@ConditionalOnProperty(name = "anteroom.release.loop-enabled", matchIfMissing = true)
class ReleaseLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ReleaseLoop.class);
  static final Duration STEP = Duration.ofMillis(200);
  static final Duration REFRESH = Duration.ofSeconds(5);

  private final ReleaseEngine engine;
  private final QueueDirectory queues;
  private final StatusStreams streams;
  private ScheduledExecutorService executor;

  ReleaseLoop(ReleaseEngine engine, QueueDirectory queues, StatusStreams streams) {
    this.engine = engine;
    this.queues = queues;
    this.streams = streams;
  }

  @Override
  public synchronized void start() {
    executor =
        Executors.newScheduledThreadPool(
            1,
            runnable -> Thread.ofPlatform().name("anteroom-release").daemon().unstarted(runnable));
    executor.scheduleWithFixedDelay(this::step, 0, STEP.toMillis(), TimeUnit.MILLISECONDS);
    executor.scheduleWithFixedDelay(
        this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void step() {
    try {
      engine.releaseDue();
      streams.publish();
    } catch (RuntimeException e) {
      log.error("release step failed", e);
    }
  }

  private void refresh() {
    try {
      queues.refresh();
    } catch (RuntimeException e) {
      log.warn("could not refresh queue settings: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}

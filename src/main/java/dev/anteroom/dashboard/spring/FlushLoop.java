package dev.anteroom.dashboard.spring;

import dev.anteroom.dashboard.MinuteFlusher;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Flushes the dashboard aggregates on a thread of its own, and once more on shutdown so a clean
 * stop loses nothing. Tests switch it off and call {@link MinuteFlusher#flush} themselves.
 */
final class FlushLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(FlushLoop.class);

  private final MinuteFlusher flusher;
  private final Clock clock;
  private final long intervalMillis;
  private ScheduledExecutorService ticker;

  FlushLoop(MinuteFlusher flusher, Clock clock, long intervalMillis) {
    this.flusher = flusher;
    this.clock = clock;
    this.intervalMillis = intervalMillis;
  }

  @Override
  public synchronized void start() {
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            runnable ->
                Thread.ofPlatform().name("anteroom-dashboard").daemon().unstarted(runnable));
    ticker.scheduleWithFixedDelay(
        this::flush, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private void flush() {
    try {
      flusher.flush(clock.instant());
    } catch (RuntimeException e) {
      log.warn("dashboard aggregates not flushed, retried at the next interval: {}", e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (ticker != null) {
      // Not shutdownNow: interrupting a flush in the middle of a write can close H2's file.
      ticker.shutdown();
      try {
        ticker.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ticker = null;
      flush();
    }
  }

  /**
   * Stops after the web server (whose graceful shutdown still serves requests, and so counts joins
   * and releases), so its last flush takes those in.
   */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }

  @Override
  public synchronized boolean isRunning() {
    return ticker != null;
  }
}

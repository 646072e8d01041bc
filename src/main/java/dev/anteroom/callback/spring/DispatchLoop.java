package dev.anteroom.callback.spring;

import dev.anteroom.callback.Dispatcher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Drives the {@link Dispatcher} on a thread of its own: a step, at once again while steps find full
 * batches, otherwise one every poll interval; every few seconds a re-read of the pending counts for
 * the gauge, and every few minutes a purge of old finished rows. It runs on every node (claims keep
 * nodes from sending one event at once). Tests switch it off ({@code
 * anteroom.callbacks.loop-enabled=false}) and call the step themselves.
 */
@Component
@ConditionalOnProperty(name = "anteroom.callbacks.loop-enabled", matchIfMissing = true)
class DispatchLoop implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DispatchLoop.class);
  static final Duration PENDING_REFRESH = Duration.ofSeconds(5);
  static final Duration PURGE_EVERY = Duration.ofMinutes(10);
  private static final long SATURATED_PAUSE_MILLIS = 5;

  private final Dispatcher dispatcher;
  private final CallbackProperties settings;
  private final Clock clock;
  private volatile Thread thread;
  private volatile boolean running;

  DispatchLoop(Dispatcher dispatcher, CallbackProperties settings, Clock clock) {
    this.dispatcher = dispatcher;
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    running = true;
    thread = Thread.ofPlatform().name("anteroom-callbacks").daemon().start(this::run);
  }

  private void run() {
    Instant nextRefresh = Instant.MIN;
    Instant nextPurge = clock.instant().plus(Duration.ofMinutes(1));
    boolean failing = false;
    while (running) {
      long pause = settings.pollInterval().toMillis();
      try {
        Instant now = clock.instant();
        Dispatcher.StepResult result = dispatcher.step(now);
        if (!now.isBefore(nextRefresh)) {
          dispatcher.refreshPending();
          nextRefresh = now.plus(PENDING_REFRESH);
        }
        if (!now.isBefore(nextPurge)) {
          nextPurge = now.plus(PURGE_EVERY);
          int purged = dispatcher.purge(now, settings.retention());
          int errors = dispatcher.purgeErrors(now, settings.errorRetention());
          log.debug("purged {} finished callback events and {} error records", purged, errors);
        }
        if (failing) {
          failing = false;
          log.info("callback delivery works again");
        }
        if (result.postponed() > 0 || dispatcher.saturated()) {
          // The lanes are full: claiming again at once would only give the events back.
          pause = SATURATED_PAUSE_MILLIS;
        } else if (result.full()) {
          pause = 0;
        }
      } catch (RuntimeException e) {
        if (!failing) {
          failing = true;
          log.warn(
              "callback delivery step failed; retrying every {}: {}",
              settings.pollInterval(),
              e.toString());
        }
      }
      if (pause > 0) {
        try {
          Thread.sleep(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    Thread current = thread;
    if (current != null) {
      current.interrupt();
      try {
        current.join(5_000);
        dispatcher.awaitIdle(settings.requestTimeout());
        // What has not started goes back due at once, not after its lease, for the next node.
        dispatcher.giveBackWaiting(clock.instant());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn("callback outcomes not recorded at shutdown; they are retried: {}", e.toString());
      }
      thread = null;
    }
  }

  @Override
  public boolean isRunning() {
    return thread != null;
  }
}

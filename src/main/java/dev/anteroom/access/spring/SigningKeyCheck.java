package dev.anteroom.access.spring;

import dev.anteroom.access.SigningKeys;
import dev.anteroom.node.NodeLease;
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
 * Rotates the signing key on schedule: once a minute it asks the key ring whether the key has
 * served its time, so a node that issues no passes still replaces it when due (and publishes the
 * new key) instead of at its first pass. Tests switch it off ({@code
 * anteroom.signing-key-check-enabled=false}) and call {@link SigningKeys#rotateIfDue()} after
 * moving the clock.
 */
@Component
@ConditionalOnProperty(name = "anteroom.signing-key-check-enabled", matchIfMissing = true)
class SigningKeyCheck implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SigningKeyCheck.class);
  static final Duration EVERY = Duration.ofMinutes(1);

  private final SigningKeys keys;
  private final NodeLease lease;
  private ScheduledExecutorService timer;

  SigningKeyCheck(SigningKeys keys, NodeLease lease) {
    this.keys = keys;
    this.lease = lease;
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable ->
                Thread.ofPlatform().name("anteroom-signing-keys").daemon().unstarted(runnable));
    timer.scheduleWithFixedDelay(
        this::check, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check() {
    // Only the node that owns the database rotates, so two nodes never retire each other's keys.
    if (!lease.isHeld()) {
      return;
    }
    try {
      keys.rotateIfDue();
    } catch (RuntimeException e) {
      log.warn("could not rotate the signing key; trying again in {}: {}", EVERY, e.toString());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}

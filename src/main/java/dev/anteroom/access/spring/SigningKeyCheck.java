package dev.anteroom.access.spring;

import dev.anteroom.access.SigningKeys;
import dev.anteroom.node.NodeLease;
import dev.anteroom.node.Pacing;
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
 * Keeps the key ring current and rotates it on schedule: once a minute every node reads the keys
 * again (so all sign with the newest key and publish every key, whichever node made it), and the
 * node that does the cluster's chores ({@link Pacing#dutiesAreMine()}) also asks whether the key
 * has served its time, so a cluster that issues no passes still replaces it when due instead of at
 * its first pass. Tests switch it off ({@code anteroom.signing-key-check-enabled=false}) and call
 * {@link SigningKeys#rotateIfDue()} after moving the clock.
 */
@Component
@ConditionalOnProperty(name = "anteroom.signing-key-check-enabled", matchIfMissing = true)
class SigningKeyCheck implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(SigningKeyCheck.class);
  static final Duration EVERY = Duration.ofMinutes(1);

  private final SigningKeys keys;
  private final NodeLease lease;
  private final Pacing pacing;
  private ScheduledExecutorService timer;

  SigningKeyCheck(SigningKeys keys, NodeLease lease, Pacing pacing) {
    this.keys = keys;
    this.lease = lease;
    this.pacing = pacing;
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

  /** One check: what the timer runs every {@link #EVERY}, and tests call. */
  void check() {
    try {
      // One node rotates on schedule; the others only read, as does a single node that lost its
      // lease on the line (so that two single nodes never retire each other's keys).
      if (lease.isHeld() && pacing.dutiesAreMine()) {
        keys.rotateIfDue();
      } else {
        keys.refresh();
      }
    } catch (RuntimeException e) {
      log.warn(
          "could not read or rotate the signing keys; trying again in {}: {}", EVERY, e.toString());
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

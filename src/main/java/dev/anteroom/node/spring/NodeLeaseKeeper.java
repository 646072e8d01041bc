package dev.anteroom.node.spring;

import dev.anteroom.node.NodeLease;
import dev.anteroom.node.jdbc.JdbcNodeLease;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Checks the lease every second (see {@link JdbcNodeLease#check()}). The lease itself is given up
 * when its bean is destroyed, after the beans that use it.
 */
final class NodeLeaseKeeper implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(NodeLeaseKeeper.class);
  static final Duration CHECK = Duration.ofSeconds(1);

  private final NodeLease lease;
  private ScheduledExecutorService executor;

  NodeLeaseKeeper(NodeLease lease) {
    this.lease = lease;
  }

  @Override
  public synchronized void start() {
    if (lease instanceof JdbcNodeLease jdbc) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> Thread.ofPlatform().name("anteroom-lease").daemon().unstarted(r));
      executor.scheduleWithFixedDelay(
          () -> {
            try {
              jdbc.check();
            } catch (RuntimeException e) {
              log.error("lease check failed", e);
            }
          },
          CHECK.toMillis(),
          CHECK.toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public synchronized void stop() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return executor != null;
  }
}

package dev.anteroom.node.spring;

import dev.anteroom.node.ApplicationOwners;
import dev.anteroom.node.Pacing;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;

/**
 * A node's two chores when several share the database, each on a thread of its own so a slow one
 * never delays the other: renewing (or taking) the pacing leases of the applications that have
 * queues, and following the lines' log into this node's copies.
 */
final class ClusterKeeper implements SmartLifecycle, ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(ClusterKeeper.class);

  private final ApplicationOwners owners;
  private final EmbeddedLineStore store;
  private final QueueDirectory queues;
  private final ClusterProperties settings;
  private ScheduledExecutorService leases;
  private ScheduledExecutorService following;
  private ScheduledExecutorService seen;
  private volatile boolean followFailing;
  private volatile boolean seenFailing;

  /** How long reports of polls are kept: far longer than any node takes to read them. */
  static final Duration KEEP_SEEN = Duration.ofMinutes(10);

  /**
   * How many of each line's latest events are kept: minutes of the busiest line's changes, far more
   * than a node that is still ready trails by; one further behind starts from a snapshot.
   */
  static final long KEEP_EVENTS = 1_000_000;

  ClusterKeeper(
      ApplicationOwners owners,
      EmbeddedLineStore store,
      QueueDirectory queues,
      ClusterProperties settings) {
    this.owners = owners;
    this.store = store;
    this.queues = queues;
    this.settings = settings;
  }

  @Override
  public synchronized void start() {
    leases = single("anteroom-pacing-leases");
    following = single("anteroom-follow");
    // Woken by the other nodes' commits, and at least every followEvery without them.
    following.execute(
        () -> {
          while (!Thread.currentThread().isInterrupted()) {
            follow();
            try {
              store.awaitChange(settings.followEvery());
            } catch (InterruptedException stopping) {
              return;
            }
          }
        });
    seen = single("anteroom-seen");
    seen.scheduleWithFixedDelay(this::exchangeSeen, 1, 1, TimeUnit.SECONDS);
    seen.scheduleWithFixedDelay(this::purge, 1, 60, TimeUnit.SECONDS);
  }

  private void exchangeSeen() {
    try {
      store.exchangeSeen();
      if (seenFailing) {
        seenFailing = false;
        log.info("reporting polls to the other nodes again");
      }
    } catch (RuntimeException e) {
      if (!seenFailing) {
        seenFailing = true;
        log.warn(
            "cannot report polls to the other nodes; keeping them for later: {}", e.toString());
      }
    }
  }

  /**
   * Every node applies the reports of polls as they come and a new node starts after the last one,
   * so old reports serve nobody: each node purges those past {@link #KEEP_SEEN} (any may), and the
   * lines' events but the last {@link #KEEP_EVENTS}.
   */
  private void purge() {
    try {
      store.purgeSeen(KEEP_SEEN);
      store.purgeLog(KEEP_EVENTS);
    } catch (RuntimeException e) {
      log.debug("could not purge old reports of polls", e);
    }
  }

  /**
   * Takes pacing leases only once the node is ready to serve: a node still starting (its release
   * loop not yet running, its CPU busy compiling) would hold an application's pacing and not pace.
   */
  @Override
  public synchronized void onApplicationEvent(ApplicationReadyEvent ready) {
    if (leases != null) {
      leases.scheduleWithFixedDelay(
          this::renew, 0, settings.renewEvery().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void renew() {
    try {
      List<Long> held = new ArrayList<>();
      held.add(Pacing.CLUSTER_DUTIES);
      queues.all().stream().map(Queue::applicationId).distinct().forEach(held::add);
      owners.renew(held);
    } catch (RuntimeException e) {
      log.warn("could not renew the pacing leases: {}", e.toString());
    }
  }

  private void follow() {
    try {
      store.follow();
      if (followFailing) {
        followFailing = false;
        log.info("following the lines' log again");
      }
    } catch (RuntimeException e) {
      if (!followFailing) {
        followFailing = true;
        log.warn(
            "cannot follow the lines' log; polls answer from this node's copy: {}", e.toString());
      }
    }
  }

  private static ScheduledExecutorService single(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        r -> Thread.ofPlatform().name(name).daemon().unstarted(r));
  }

  @Override
  public synchronized void stop() {
    if (leases != null) {
      leases.shutdownNow();
      following.shutdownNow();
      seen.shutdownNow();
      try {
        // A renewal in flight must not take a lease back after it is given up.
        leases.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      leases = null;
      following = null;
      seen = null;
      // Handed back at once, so another node paces without waiting for the leases to run out.
      owners.giveUpAll();
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return leases != null;
  }
}

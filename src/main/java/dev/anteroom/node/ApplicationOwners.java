package dev.anteroom.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The applications this node paces when several nodes share the database: each held by a lease
 * ({@link ApplicationLeases}) that {@link #renew} takes or renews about every second. The node
 * believes a lease for a little less than its length after the renewal began, by its own clock; the
 * database's fence on every release is what makes that belief safe when the node is paused or cut
 * off longer.
 */
public final class ApplicationOwners implements Pacing {

  private static final Logger log = LoggerFactory.getLogger(ApplicationOwners.class);

  /** Told when this node starts or stops pacing an application. */
  public interface Listener {

    /**
     * This node paces the application from now on; {@code epoch} is its lease's. Called before
     * {@link #paces} answers true for it.
     */
    void tookOver(long applicationId, long epoch);

    /** This node no longer paces the application. */
    default void lost(long applicationId) {}
  }

  private final ApplicationLeases leases;
  private final Clock clock;
  private final Duration trusted;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final Map<Long, Held> held = new ConcurrentHashMap<>();

  /**
   * @param lease how long a take or renewal lasts in the database
   * @param margin how much sooner than that the node stops trusting its lease (clock rates differ,
   *     the renewal's answer takes time)
   */
  public ApplicationOwners(ApplicationLeases leases, Clock clock, Duration lease, Duration margin) {
    this.leases = leases;
    this.clock = clock;
    this.trusted = lease.minus(margin);
  }

  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Takes or renews the lease of each application listed, and lets go of those no longer listed. A
   * renewal that fails (the database is away) leaves the lease to run out by this node's clock.
   */
  public void renew(Collection<Long> applicationIds) {
    Set<Long> listed = new HashSet<>(applicationIds);
    for (long applicationId : listed) {
      Instant asked = clock.instant();
      OptionalLong epoch;
      try {
        epoch = leases.takeOrRenew(applicationId);
      } catch (RuntimeException unavailable) {
        continue;
      }
      if (epoch.isEmpty()) {
        drop(applicationId);
        continue;
      }
      Held before = held.get(applicationId);
      Held now = new Held(epoch.getAsLong(), asked.plus(trusted));
      if (before == null || before.epoch() != now.epoch() || !before.liveAt(asked)) {
        log.info("{} from now on (lease epoch {})", what(applicationId), now.epoch());
        listeners.forEach(listener -> listener.tookOver(applicationId, now.epoch()));
      }
      held.put(applicationId, now);
    }
    for (long applicationId : Set.copyOf(held.keySet())) {
      if (!listed.contains(applicationId)) {
        giveUp(applicationId);
      } else if (!held.get(applicationId).liveAt(clock.instant())) {
        drop(applicationId);
      }
    }
  }

  @Override
  public boolean paces(long applicationId) {
    Held lease = held.get(applicationId);
    return lease != null && lease.liveAt(clock.instant());
  }

  /** The epoch of the lease this node holds on the application, if it holds a live one. */
  public OptionalLong epoch(long applicationId) {
    Held lease = held.get(applicationId);
    return lease != null && lease.liveAt(clock.instant())
        ? OptionalLong.of(lease.epoch())
        : OptionalLong.empty();
  }

  /**
   * Inside the caller's transaction: passes only while this node's lease on the application is live
   * in the database at the epoch it believes it holds (see {@link ApplicationLeases#fence}).
   *
   * @throws LeaseLostException otherwise
   */
  public void fence(long applicationId) {
    Held lease = held.get(applicationId);
    if (lease == null || !lease.liveAt(clock.instant())) {
      throw new LeaseLostException(applicationId, lease == null ? 0 : lease.epoch());
    }
    leases.fence(applicationId, lease.epoch());
  }

  /** Hands every lease back at once, so that another node takes over without waiting it out. */
  public void giveUpAll() {
    Set.copyOf(held.keySet()).forEach(this::giveUp);
  }

  private void giveUp(long applicationId) {
    Held lease = held.remove(applicationId);
    if (lease != null) {
      listeners.forEach(listener -> listener.lost(applicationId));
      try {
        leases.giveUp(applicationId, lease.epoch());
      } catch (RuntimeException unavailable) {
        // It runs out by the database's clock instead.
      }
    }
  }

  private void drop(long applicationId) {
    if (held.remove(applicationId) != null) {
      log.info("no longer {}: its lease is another node's or ran out", what(applicationId));
      listeners.forEach(listener -> listener.lost(applicationId));
    }
  }

  private static String what(long applicationId) {
    return applicationId == CLUSTER_DUTIES
        ? "doing the cluster's chores (alerts, signing keys)"
        : "pacing application " + applicationId;
  }

  private record Held(long epoch, Instant until) {
    boolean liveAt(Instant now) {
      return now.isBefore(until);
    }
  }
}

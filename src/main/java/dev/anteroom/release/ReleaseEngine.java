package dev.anteroom.release;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.queue.QueueService;
import dev.anteroom.queue.QueueStore;
import dev.anteroom.waiting.Gate;
import dev.anteroom.waiting.LineCounts;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.ReleasedVisitor;
import dev.anteroom.waiting.WaitingLineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets visitors through at each queue's pace. {@link #releaseDue()} is the whole job: a loop calls
 * it several times a second, tests call it after moving the clock. Each step, for every queue:
 * apply the opening shuffle when it is due, end passes that ran out and visitors who went idle,
 * accrue release credit at the queue's rate (its share of the application's rate when the
 * application caps it), and release as many as credit, the cap of active users and the line allow,
 * highest priority first.
 */
public final class ReleaseEngine implements Gate, QueueService.ChangeListener {

  private static final Logger log = LoggerFactory.getLogger(ReleaseEngine.class);
  private static final Duration IDLE_SWEEP_EVERY = Duration.ofSeconds(1);

  /** Told after visitors have been released, committed, so it may notify the tenant. */
  @FunctionalInterface
  public interface ReleaseListener {
    void released(Queue queue, List<ReleasedVisitor> visitors);
  }

  private final QueueDirectory queues;
  private final WaitingLineStore store;
  private final QueueStore queueStore;
  private final LineMeters meters;
  private final Clock clock;
  private final RandomGenerator random;
  private final Map<Long, Runtime> runtimes = new ConcurrentHashMap<>();
  private final List<ReleaseListener> listeners = new CopyOnWriteArrayList<>();

  public ReleaseEngine(
      QueueDirectory queues,
      WaitingLineStore store,
      QueueStore queueStore,
      LineMeters meters,
      Clock clock,
      RandomGenerator random) {
    this.queues = queues;
    this.store = store;
    this.queueStore = queueStore;
    this.meters = meters;
    this.clock = clock;
    this.random = random;
  }

  public void addListener(ReleaseListener listener) {
    listeners.add(listener);
  }

  /** One step for every queue; a failure in one queue is logged and does not stop the others. */
  public void releaseDue() {
    Instant now = clock.instant();
    Collection<Queue> all = List.copyOf(queues.all());
    Map<Long, Double> rates = rates(all, now);
    for (Queue queue : all) {
      try {
        step(queue, now, rates.get(queue.id()));
      } catch (RuntimeException e) {
        log.warn("queue {}: release step failed, will retry: {}", queue.id(), e.toString());
      }
    }
  }

  private void step(Queue queue, Instant now, double ratePerMinute) {
    store.open(queue.id(), queue.shuffle());
    Runtime runtime = runtime(queue.id());
    runtime.lock.lock();
    try {
      runtime.rate = ratePerMinute;
      queue = shuffleIfDue(queue, now);
      endPassesAndIdlers(queue, runtime, now);
      LineCounts counts = store.counts(queue.id());
      if (queue.paused() || !queue.isOpenAt(now)) {
        runtime.pacer.hold(now);
        runtime.meter.record(now, 0, false);
        return;
      }
      int allowed = room(queue, counts.active() + runtime.admitting);
      boolean paced = queue.settings().queueMethod() != QueueMethod.PASSTHROUGH;
      if (paced) {
        runtime.pacer.accrue(now, ratePerMinute);
        allowed = Math.min(allowed, runtime.pacer.available());
      }
      int wanted = Math.min(allowed, counts.waiting());
      List<ReleasedVisitor> released =
          wanted <= 0
              ? List.of()
              : store.release(
                  queue.id(),
                  wanted,
                  now,
                  queue.passUntil(now),
                  queue.settings().queueMethod() == QueueMethod.RANDOM ? random : null);
      if (paced) {
        runtime.pacer.spend(released.size());
      }
      runtime.meter.record(now, released.size(), counts.waiting() > 0);
      if (!released.isEmpty()) {
        meters.of(queue.id()).released.add(released.size());
        Queue done = queue;
        listeners.forEach(listener -> listener.released(done, released));
      }
    } finally {
      runtime.lock.unlock();
    }
  }

  private void endPassesAndIdlers(Queue queue, Runtime runtime, Instant now) {
    int passes = store.expirePasses(queue.id(), now);
    meters.of(queue.id()).expiredPass.add(passes);
    if (runtime.lastIdleSweep == null
        || !now.isBefore(runtime.lastIdleSweep.plus(IDLE_SWEEP_EVERY))) {
      Instant lastSeenBefore = now.minusSeconds(queue.settings().idleTimeoutSeconds());
      int idle = store.expireIdle(queue.id(), lastSeenBefore, now);
      meters.of(queue.id()).expiredIdle.add(idle);
      runtime.lastIdleSweep = now;
    }
  }

  /**
   * At opening, shuffles everyone who arrived early, once: the seed and the range are recorded
   * first, so every node and every restart rebuilds the same order.
   */
  private Queue shuffleIfDue(Queue queue, Instant now) {
    if (queue.settings().opensAt() == null || queue.shuffle() != null || !queue.isOpenAt(now)) {
      return queue;
    }
    Queue.Shuffle shuffle = new Queue.Shuffle(random.nextLong(), store.lastSeq(queue.id()) + 1);
    if (!queueStore.recordShuffle(queue.id(), shuffle)) {
      shuffle = queueStore.find(queue.id()).map(Queue::shuffle).orElse(shuffle);
    }
    store.shuffle(queue.id(), shuffle);
    Queue shuffled = queue.withShuffle(shuffle);
    queues.queueChanged(shuffled);
    log.info(
        "queue {}: opened; shuffled the {} early arrivals with seed {}",
        queue.id(),
        shuffle.throughSeq() - 1,
        shuffle.seed());
    return shuffled;
  }

  /**
   * Each queue's rate for this step: its own, or, where its application caps the total, its share
   * of that cap among the application's busy queues.
   */
  private Map<Long, Double> rates(Collection<Queue> all, Instant now) {
    Map<Long, Double> rates = new HashMap<>();
    Map<Long, List<Queue>> byApplication =
        all.stream().collect(Collectors.groupingBy(Queue::applicationId));
    byApplication.forEach(
        (applicationId, appQueues) -> {
          Integer cap =
              queues
                  .application(applicationId)
                  .map(app -> app.maxReleaseRatePerMinute())
                  .orElse(null);
          List<RateShares.Demand> busy = new ArrayList<>();
          for (Queue queue : appQueues) {
            double own = queue.settings().releaseRatePerMinute();
            rates.put(queue.id(), cap == null ? own : Math.min(own, cap));
            if (cap != null && isBusy(queue, now)) {
              busy.add(new RateShares.Demand(queue.id(), queue.settings().priority() + 1, own));
            }
          }
          if (cap != null) {
            rates.putAll(RateShares.split(cap, busy));
          }
        });
    return rates;
  }

  private boolean isBusy(Queue queue, Instant now) {
    return !queue.paused()
        && queue.isOpenAt(now)
        && queue.settings().queueMethod() != QueueMethod.PASSTHROUGH
        && store.isOpen(queue.id())
        && store.counts(queue.id()).waiting() > 0;
  }

  private static int room(Queue queue, int active) {
    Integer cap = queue.settings().maxActiveUsers();
    return cap == null ? Integer.MAX_VALUE : Math.max(0, cap - active);
  }

  // ---- the gate ---------------------------------------------------------------------------

  @Override
  public boolean admitNow(Queue queue, Instant now) {
    if (queue.paused() || !queue.isOpenAt(now) || queue.isClosedAt(now)) {
      return false;
    }
    Runtime runtime = runtime(queue.id());
    runtime.lock.lock();
    try {
      LineCounts counts = store.counts(queue.id());
      if (counts.waiting() > 0 || room(queue, counts.active() + runtime.admitting) <= 0) {
        return false;
      }
      if (queue.settings().queueMethod() != QueueMethod.PASSTHROUGH) {
        runtime.pacer.accrue(now, runtime.rateOr(queue));
        if (runtime.pacer.available() < 1) {
          return false;
        }
        runtime.pacer.spend(1);
      }
      runtime.admitting++;
      return true;
    } finally {
      runtime.lock.unlock();
    }
  }

  @Override
  public void settle(Queue queue, boolean used) {
    Runtime runtime = runtime(queue.id());
    runtime.lock.lock();
    try {
      runtime.admitting--;
      if (!used && queue.settings().queueMethod() != QueueMethod.PASSTHROUGH) {
        runtime.pacer.refund(1);
      }
      if (used) {
        runtime.meter.record(clock.instant(), 1, true);
      }
    } finally {
      runtime.lock.unlock();
    }
  }

  @Override
  public double expectedRate(Queue queue, Instant now) {
    if (queue.paused()) {
      return 0;
    }
    Runtime runtime = runtime(queue.id());
    double observed = runtime.meter.ratePerSecond(now);
    if (!Double.isNaN(observed) && queue.isOpenAt(now)) {
      return observed;
    }
    if (queue.settings().queueMethod() == QueueMethod.PASSTHROUGH) {
      return Double.isNaN(observed) ? runtime.rateOr(queue) / 60 : observed;
    }
    return runtime.rateOr(queue) / 60;
  }

  // ---- following queue changes --------------------------------------------------------------

  @Override
  public void queueChanged(Queue queue) {
    store.open(queue.id(), queue.shuffle());
  }

  @Override
  public void queueDeleted(long queueId) {
    runtimes.remove(queueId);
    store.drop(queueId);
    meters.forget(queueId);
  }

  private Runtime runtime(long queueId) {
    return runtimes.computeIfAbsent(queueId, id -> new Runtime());
  }

  /** The engine's memory of one queue between steps. */
  private static final class Runtime {
    final ReentrantLock lock = new ReentrantLock();
    final Pacer pacer = new Pacer();
    final DepartureMeter meter = new DepartureMeter();
    Instant lastIdleSweep;
    int admitting;
    double rate = Double.NaN;

    double rateOr(Queue queue) {
      return Double.isNaN(rate) ? queue.settings().releaseRatePerMinute() : rate;
    }
  }
}

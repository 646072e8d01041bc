package dev.anteroom.release;

import dev.anteroom.common.StoreUnavailableException;
import dev.anteroom.node.ApplicationOwners;
import dev.anteroom.node.Pacing;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.queue.QueueService;
import dev.anteroom.queue.QueueStore;
import dev.anteroom.waiting.Gate;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.LineCounts;
import dev.anteroom.waiting.store.PassExpiries;
import dev.anteroom.waiting.store.ReleasedVisitor;
import dev.anteroom.waiting.store.WaitingLineStore;
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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
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
 *
 * <p>The pacing lock of a queue is held only to decide and to settle, never across the journal
 * write, so joins (which ask the same {@link Gate}) never wait for a release or an idle sweep. The
 * credit of a release is taken before the write and what was not used is given back after it. An
 * application's cap is a second {@link Pacer} that every release of each of its queues spends from,
 * straight-through joins included, so the cap holds however many of its queues are busy or empty.
 * The loop may run each queue's step on its own thread ({@link #releaseDue(Executor)}); a queue
 * whose step is still running is skipped until it ends, and its pacer pays back the late time.
 */
public final class ReleaseEngine
    implements Gate, QueueService.ChangeListener, ApplicationOwners.Listener {

  private static final Logger log = LoggerFactory.getLogger(ReleaseEngine.class);
  private static final Duration IDLE_SWEEP_EVERY = Duration.ofSeconds(1);

  /**
   * The longest gap a takeover makes up for: the lease's length and a renewal's, with room to
   * spare. A queue's last release further back than that was not held up by a failover (its line
   * was empty, or capped) and owes nothing.
   */
  static final Duration TAKEOVER_MAKE_UP_LIMIT = Duration.ofSeconds(6);

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
  private final Map<Long, AppBudget> budgets = new ConcurrentHashMap<>();
  private final List<ReleaseListener> listeners = new CopyOnWriteArrayList<>();
  private final Pacing pacing;
  private volatile Instant lastRoundAt;

  public ReleaseEngine(
      QueueDirectory queues,
      WaitingLineStore store,
      QueueStore queueStore,
      LineMeters meters,
      Clock clock,
      RandomGenerator random) {
    this(queues, store, queueStore, meters, clock, random, Pacing.EVERYTHING);
  }

  /**
   * @param pacing which applications this node paces; the others' queues it only follows (their
   *     passes run out in its memory too, their opening shuffle is applied once recorded)
   */
  public ReleaseEngine(
      QueueDirectory queues,
      WaitingLineStore store,
      QueueStore queueStore,
      LineMeters meters,
      Clock clock,
      RandomGenerator random,
      Pacing pacing) {
    this.pacing = pacing;
    this.queues = queues;
    this.store = store;
    this.queueStore = queueStore;
    this.meters = meters;
    this.clock = clock;
    this.random = random;
    this.lastRoundAt = clock.instant();
  }

  public void addListener(ReleaseListener listener) {
    listeners.add(listener);
  }

  /** One step for every queue, one after the other on the calling thread. */
  public void releaseDue() {
    releaseDue(Runnable::run);
  }

  /**
   * One step for every queue, each handed to {@code executor}; a queue whose previous step has not
   * finished is skipped. A failure in one queue is logged and does not touch the others.
   */
  public void releaseDue(Executor executor) {
    Instant now = clock.instant();
    lastRoundAt = now;
    Collection<Queue> all = List.copyOf(queues.all());
    Map<Long, Double> rates = rates(all, now);
    for (Queue queue : all) {
      Runtime runtime = runtime(queue.id());
      if (!pacing.paces(queue.applicationId())) {
        followSafely(queue, runtime, now);
        continue;
      }
      if (!runtime.stepping.compareAndSet(false, true)) {
        continue;
      }
      runtime.steppingSince = now;
      double rate = rates.get(queue.id());
      try {
        executor.execute(() -> stepSafely(queue, runtime, now, rate));
      } catch (RejectedExecutionException shuttingDown) {
        runtime.stepping.set(false);
        return;
      }
    }
  }

  private void stepSafely(Queue queue, Runtime runtime, Instant now, double rate) {
    try {
      step(queue, runtime, now, rate);
      if (runtime.failing) {
        runtime.failing = false;
        log.info("queue {} (application {}): release steps work again", queue.id(), app(queue));
      }
    } catch (StoreUnavailableException outage) {
      // The database is down: the circuit in front of it says so once for everyone.
      log.debug("queue {}: release step waits for the database", queue.id(), outage);
    } catch (RuntimeException e) {
      // One line when a queue starts failing, not five a second for as long as it lasts.
      if (!runtime.failing) {
        runtime.failing = true;
        log.warn(
            "queue {} (application {}): release step failed, retrying every step: {}",
            queue.id(),
            app(queue),
            e.toString());
      }
    } finally {
      runtime.stepping.set(false);
    }
  }

  /**
   * The step of a queue another node paces: its passes run out in this node's memory as they do
   * everywhere (recorded by the pacing node), and its opening shuffle, once the pacing node has
   * recorded it, is applied to this node's copy.
   */
  private void followSafely(Queue queue, Runtime runtime, Instant now) {
    try {
      store.open(queue.id(), queue.shuffle());
      if (queue.settings().opensAt() != null && queue.shuffle() == null && queue.isOpenAt(now)) {
        queueStore
            .find(queue.id())
            .filter(recorded -> recorded.shuffle() != null)
            .ifPresent(
                recorded -> {
                  store.shuffle(recorded.id(), recorded.shuffle());
                  queues.queueChanged(recorded);
                });
      }
      store.expirePasses(queue.id(), now, false);
      runtime.failing = false;
    } catch (RuntimeException e) {
      if (!runtime.failing) {
        runtime.failing = true;
        log.warn(
            "queue {} (application {}): cannot follow: {}", queue.id(), app(queue), e.toString());
      }
    }
  }

  /**
   * This node paces the application from now on: each queue's pace starts afresh here, owing what
   * the previous node earned and did not spend (from its last release to now, within {@link
   * #TAKEOVER_MAKE_UP_LIMIT}), paid at up to twice the rate so the plan holds.
   */
  @Override
  public void tookOver(long applicationId, long epoch) {
    Instant now = clock.instant();
    Collection<Queue> all = List.copyOf(queues.all());
    Map<Long, Double> rates = rates(all, now);
    Duration longestGap = Duration.ZERO;
    for (Queue queue : all) {
      if (queue.applicationId() != applicationId) {
        continue;
      }
      Duration gap;
      try {
        store.open(queue.id(), queue.shuffle());
        gap =
            store
                .lastReleaseAt(queue.id())
                .map(last -> Duration.between(last, now))
                .filter(d -> !d.isNegative() && d.compareTo(TAKEOVER_MAKE_UP_LIMIT) <= 0)
                .orElse(Duration.ZERO);
      } catch (RuntimeException unavailable) {
        gap = Duration.ZERO;
      }
      longestGap = gap.compareTo(longestGap) > 0 ? gap : longestGap;
      Runtime runtime = runtime(queue.id());
      runtime.lock.lock();
      try {
        runtime.pacer.resumeAfter(gap, now, rates.getOrDefault(queue.id(), runtime.rateOr(queue)));
        runtime.publishPace();
        runtime.lastIdleSweep = null;
      } finally {
        runtime.lock.unlock();
      }
    }
    Integer cap = applicationCap(applicationId);
    if (cap != null) {
      // Usually this node never paced the application: its budget starts here, owing the gap.
      AppBudget budget = budgets.computeIfAbsent(applicationId, id -> new AppBudget());
      budget.ratePerMinute = cap;
      budget.resumeAfter(longestGap, now, cap);
    }
  }

  private void step(Queue queue, Runtime runtime, Instant now, double ratePerMinute) {
    store.open(queue.id(), queue.shuffle());
    Queue current = shuffleIfDue(queue, now);
    endPassesAndIdlers(current, runtime, now);
    Reservation reserved = reserve(current, runtime, now, ratePerMinute);
    if (reserved == null) {
      return;
    }
    List<ReleasedVisitor> released = List.of();
    try {
      released =
          store.release(
              current.id(),
              reserved.count(),
              now,
              current.passUntil(now),
              current.settings().queueMethod() == QueueMethod.RANDOM ? random : null);
    } finally {
      settle(current, runtime, reserved, released.size(), now);
    }
    if (!released.isEmpty()) {
      meters.of(current.id()).released.add(released.size());
      List<ReleasedVisitor> done = released;
      listeners.forEach(listener -> listener.released(current, done));
    }
  }

  /**
   * Decides under the pacing lock how many to release now and takes their credit, so that a join
   * arriving during the write sees it spent; null when there is nothing to do.
   */
  private Reservation reserve(Queue queue, Runtime runtime, Instant now, double ratePerMinute) {
    runtime.lock.lock();
    try {
      runtime.rate = ratePerMinute;
      LineCounts counts = store.counts(queue.id());
      if (queue.paused() || !queue.isOpenAt(now)) {
        runtime.pacer.hold(now);
        runtime.publishPace();
        runtime.meter.record(now, 0, false);
        return null;
      }
      boolean paced = isPaced(queue);
      int wanted = Math.min(room(queue, counts.active() + runtime.admitting), counts.waiting());
      if (paced) {
        runtime.pacer.accrue(now, ratePerMinute);
        runtime.publishPace();
        wanted = Math.min(wanted, runtime.pacer.available());
      }
      AppBudget budget = budget(queue);
      if (budget != null) {
        wanted = budget.take(now, wanted);
      }
      if (wanted <= 0) {
        runtime.meter.record(now, 0, counts.waiting() > 0);
        return null;
      }
      if (paced) {
        runtime.pacer.spend(wanted);
        runtime.publishPace();
      }
      runtime.admitting += wanted;
      return new Reservation(wanted, paced, budget, counts.waiting() > 0);
    } finally {
      runtime.lock.unlock();
    }
  }

  /** Gives back the credit of those the write did not release, and records what it did. */
  private void settle(
      Queue queue, Runtime runtime, Reservation reserved, int released, Instant now) {
    int unused = reserved.count() - released;
    runtime.lock.lock();
    try {
      runtime.admitting -= reserved.count();
      if (reserved.paced()) {
        runtime.pacer.refund(unused);
        runtime.publishPace();
      }
      runtime.meter.record(now, released, reserved.anyoneWaiting());
    } finally {
      runtime.lock.unlock();
    }
    if (reserved.budget() != null) {
      reserved.budget().giveBack(unused);
    }
  }

  private record Reservation(int count, boolean paced, AppBudget budget, boolean anyoneWaiting) {}

  /** Pass expiry is a memory sweep; the idle sweep writes, so it runs at most once a second. */
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
    Queue shuffled = queueStore.find(queue.id()).orElse(queue.withShuffle(shuffle));
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
          Integer cap = applicationCap(applicationId);
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
        && isPaced(queue)
        && store.isOpen(queue.id())
        && store.counts(queue.id()).waiting() > 0;
  }

  private Integer applicationCap(long applicationId) {
    return queues.application(applicationId).map(app -> app.maxReleaseRatePerMinute()).orElse(null);
  }

  /** The shared budget of the queue's application, or null when the application has no cap. */
  private AppBudget budget(Queue queue) {
    Integer cap = applicationCap(queue.applicationId());
    if (cap == null) {
      return null;
    }
    AppBudget budget = budgets.computeIfAbsent(queue.applicationId(), id -> new AppBudget());
    budget.ratePerMinute = cap;
    return budget;
  }

  private static boolean isPaced(Queue queue) {
    return queue.settings().queueMethod() != QueueMethod.PASSTHROUGH;
  }

  private static int room(Queue queue, int active) {
    Integer cap = queue.settings().maxActiveUsers();
    return cap == null ? Integer.MAX_VALUE : Math.max(0, cap - active);
  }

  private static long app(Queue queue) {
    return queue.applicationId();
  }

  /**
   * How far behind schedule releasing is at {@code now}: the time since the last round of steps
   * began, or since the oldest queue step still running began, whichever is longer (for alerting).
   */
  public Duration lag(Instant now) {
    Instant oldest = lastRoundAt;
    for (Runtime runtime : runtimes.values()) {
      Instant since = runtime.steppingSince;
      if (runtime.stepping.get() && since != null && since.isBefore(oldest)) {
        oldest = since;
      }
    }
    return now.isAfter(oldest) ? Duration.between(oldest, now) : Duration.ZERO;
  }

  /**
   * Visitors per minute that really left the queue's line lately (see {@link DepartureMeter}), or
   * null before enough departures were seen on this node.
   */
  public Double observedRatePerMinute(long queueId, Instant now) {
    Runtime runtime = runtimes.get(queueId);
    DepartureMeter.Observed observed = runtime == null ? null : runtime.meter.observed(now);
    return observed == null ? null : observed.ratePerSecond() * 60;
  }

  // ---- the gate ---------------------------------------------------------------------------

  @Override
  public boolean admitNow(Queue queue, Instant now) {
    return admit(queue, now, true);
  }

  @Override
  public boolean wouldAdmitNow(Queue queue, Instant now) {
    return admit(queue, now, false);
  }

  /**
   * The straight-through rule, for a join ({@code reserve}: the pace and the application budget it
   * takes are spent, and its slot held until {@link #settle}) and for a simulated join (nothing is
   * taken or changed).
   */
  private boolean admit(Queue queue, Instant now, boolean reserve) {
    if (queue.paused() || !queue.isOpenAt(now) || queue.isClosedAt(now)) {
      return false;
    }
    if (!pacing.paces(queue.applicationId())) {
      // Only the node pacing the application spends its credit; here the visitor joins the line
      // and the pacing node lets them through at its next step.
      return false;
    }
    Runtime runtime = runtime(queue.id());
    runtime.lock.lock();
    try {
      LineCounts counts = store.counts(queue.id());
      if (counts.waiting() > 0 || room(queue, counts.active() + runtime.admitting) <= 0) {
        return false;
      }
      boolean paced = isPaced(queue);
      if (paced && runtime.pacer.snapshot().availableAt(now, runtime.rateOr(queue)) < 1) {
        return false;
      }
      AppBudget budget = budget(queue);
      if (!reserve) {
        return budget == null || budget.availableAt(now) >= 1;
      }
      if (budget != null && budget.take(now, 1) < 1) {
        return false;
      }
      if (paced) {
        runtime.pacer.accrue(now, runtime.rateOr(queue));
        runtime.pacer.spend(1);
        runtime.publishPace();
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
      if (!used && isPaced(queue)) {
        runtime.pacer.refund(1);
        runtime.publishPace();
      }
    } finally {
      runtime.lock.unlock();
    }
    AppBudget budget = used ? null : budgets.get(queue.applicationId());
    if (budget != null) {
      budget.giveBack(1);
    }
  }

  /**
   * The largest of three waits, each a time the place cannot be let through before: the pace (the
   * queue's release credit, accruing at its rate or its share of the application's, paying for
   * everyone up to the place), the departures observed (the rate visitors really left the line,
   * counted from the last departure) and, under a cap of active users, the slots (when enough
   * passes run out for the place to get one, each held to its end). Before opening the pace starts
   * at the opening.
   */
  @Override
  public Long expectedWait(Queue queue, double place, Instant now) {
    if (queue.paused()) {
      return null;
    }
    Runtime runtime = runtime(queue.id());
    double perMinute = runtime.rateOr(queue);
    boolean open = queue.isOpenAt(now);
    double wait;
    if (open) {
      wait = isPaced(queue) ? runtime.paceAt().secondsUntil(place, now, perMinute) : 0;
    } else {
      wait =
          Duration.between(now, queue.settings().opensAt()).toMillis() / 1000.0
              + (isPaced(queue) ? place * 60 / perMinute : 0);
    }
    DepartureMeter.Observed observed = open ? runtime.meter.observed(now) : null;
    if (observed != null) {
      wait = Math.max(wait, observed.secondsUntil(place, now));
    }
    Integer cap = queue.settings().maxActiveUsers();
    int slotPlace = (int) Math.ceil(place);
    if (cap != null && slotPlace > cap - store.counts(queue.id()).active()) {
      wait =
          Math.max(
              wait,
              WaitEstimate.slotSeconds(
                  runtime.passExpiries(store, queue.id(), now),
                  cap,
                  slotPlace,
                  queue.settings().accessTtlSeconds(),
                  now));
    }
    return Double.isInfinite(wait) ? null : (long) Math.ceil(wait);
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
    final AtomicBoolean stepping = new AtomicBoolean();
    volatile Instant steppingSince;
    final Pacer pacer = new Pacer();
    final DepartureMeter meter = new DepartureMeter();
    final AtomicBoolean measuringPasses = new AtomicBoolean();
    volatile boolean failing;
    Instant lastIdleSweep;
    int admitting;
    volatile double rate = Double.NaN;

    /** The pacer as of its last change, for polls, which never take the lock. */
    private volatile Pacer.Snapshot pace;

    /** The active passes' expiries and the second they were read, renewed at most once a second. */
    private volatile TimedExpiries expiries;

    double rateOr(Queue queue) {
      return Double.isNaN(rate) ? queue.settings().releaseRatePerMinute() : rate;
    }

    /** Called under the lock after each change to the pacer. */
    void publishPace() {
      pace = pacer.snapshot();
    }

    Pacer.Snapshot paceAt() {
      Pacer.Snapshot published = pace;
      return published == null ? new Pacer.Snapshot(0, null) : published;
    }

    /**
     * The expiries of the queue's active passes as of this second; one poll reads them from the
     * line while the others of that second keep the previous reading.
     */
    PassExpiries passExpiries(WaitingLineStore store, long queueId, Instant now) {
      TimedExpiries known = expiries;
      long second = now.getEpochSecond();
      if (known != null && known.second() >= second) {
        return known.passes();
      }
      // One poll a second reads the line; the others, even on the very first read, do not wait
      // for it or repeat it: they use the previous reading, or none yet.
      boolean mine = measuringPasses.compareAndSet(false, true);
      if (!mine) {
        return known != null ? known.passes() : PassExpiries.NONE;
      }
      try {
        PassExpiries passes = store.passExpiries(queueId, now);
        expiries = new TimedExpiries(second, passes);
        return passes;
      } finally {
        if (mine) {
          measuringPasses.set(false);
        }
      }
    }
  }

  private record TimedExpiries(long second, PassExpiries passes) {}

  /** An application's release cap, which every release of each of its queues spends from. */
  private static final class AppBudget {
    private final Pacer pacer = new Pacer();
    volatile double ratePerMinute;

    /** Takes credit for up to {@code wanted} visitors; answers how many it paid for. */
    synchronized int take(Instant now, int wanted) {
      pacer.accrue(now, ratePerMinute);
      int granted = Math.max(0, Math.min(wanted, pacer.available()));
      pacer.spend(granted);
      return granted;
    }

    synchronized void giveBack(int visitors) {
      pacer.refund(visitors);
    }

    synchronized void resumeAfter(Duration gap, Instant now, double ratePerMinute) {
      pacer.resumeAfter(gap, now, ratePerMinute);
    }

    /** Whole visitors the budget would pay for now, taking nothing. */
    synchronized int availableAt(Instant now) {
      return pacer.snapshot().availableAt(now, ratePerMinute);
    }
  }
}

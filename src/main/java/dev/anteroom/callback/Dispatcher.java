package dev.anteroom.callback;

import dev.anteroom.common.CallbackUrls;
import dev.anteroom.common.Ids;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Application;
import dev.anteroom.waiting.PassIssuer;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.store.VisitorEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the callback outbox. Each {@link #step} first records the outcomes of the deliveries
 * that ended since the last one (in one batch), then claims due events up to the free delivery
 * slots, resolves each one's target (the queue's callback URL, else its application's), signs it
 * and hands it to the transport on the delivery executor, so a step never waits for a receiver.
 * Deliveries are bounded overall and per target host: an event whose host is at its bound is given
 * back, due a moment later and without counting an attempt, so one slow receiver holds back only
 * its own events. A failed attempt is retried after a {@link Backoff} wait stored as the row's due
 * time; the last failure writes a {@link CallbackError}. A loop calls the step; tests call it
 * directly and wait for the deliveries with {@link #awaitIdle}.
 */
public final class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  public static final String USER_AGENT = "Anteroom-Webhooks/1.0";

  /** How a step shares out the work. */
  public record Limits(
      int batchSize, int maxConcurrent, int maxPerHost, Duration lease, Duration postpone) {
    public Limits {
      if (batchSize < 1 || maxConcurrent < 1 || maxPerHost < 1) {
        throw new IllegalArgumentException("batch size and concurrency bounds must be positive");
      }
    }
  }

  /**
   * What a step did: events claimed, started at once, left waiting in their host's lane, and given
   * back; {@code full} when it claimed all it asked for, so more may be due.
   */
  public record StepResult(int claimed, int launched, int queued, int postponed, boolean full) {}

  /**
   * A host's lane holds at least this many times its concurrency bound in waiting events, and more
   * for a host that answers fast: as many as it took in the last second, so a slow host keeps few
   * claimed events from the others while a fast one is never starved of work between steps.
   */
  static final int BACKLOG_PER_SLOT = 4;

  private static final int HELD_BATCHES = 4;

  /** The claim's list of queues to leave alone stays short enough for one statement. */
  static final int MAX_SKIPPED_QUEUES = 500;

  private final OutboxStore outbox;
  private final CallbackTransport transport;
  private final SigningSecrets secrets;
  private final WebhookSigner signer = new WebhookSigner();
  private final QueueDirectory queues;
  private final VisitorTokens tokens;
  private final PassIssuer passes;
  private final Backoff backoff;
  private final Limits limits;
  private final Executor deliveries;
  private final List<DeliveryObserver> observers = new CopyOnWriteArrayList<>();
  private final Clock clock;

  // Claimed events not yet ended: running, or waiting in their host's lane.
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicInteger running = new AtomicInteger();
  private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
  private final Map<Long, Lane> laneOfQueue = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Ended> ended = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<EventKey> givenBack = new ConcurrentLinkedQueue<>();
  private final Object idle = new Object();
  private volatile Map<Long, Long> pending = Map.of();

  public Dispatcher(
      OutboxStore outbox,
      CallbackTransport transport,
      SigningSecrets secrets,
      QueueDirectory queues,
      VisitorTokens tokens,
      PassIssuer passes,
      Backoff backoff,
      Limits limits,
      Executor deliveries,
      Clock clock) {
    this.outbox = outbox;
    this.transport = transport;
    this.secrets = secrets;
    this.queues = queues;
    this.tokens = tokens;
    this.passes = passes;
    this.backoff = backoff;
    this.limits = limits;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  /** Someone to tell about every attempt and every event's end (metrics, alert tallies). */
  public void observe(DeliveryObserver observer) {
    observers.add(observer);
  }

  /** Records what ended, then claims and starts the deliveries that are due at {@code now}. */
  public StepResult step(Instant now) {
    flush();
    for (Lane lane : lanes.values()) {
      lane.measure(now);
      // Events that waited for a slot of the node rather than of their host start here.
      drain(lane);
    }
    int free = maxHeld() - held.get();
    // Claiming a handful at a time while the lanes are full would only cost round trips.
    if (free < Math.min(limits.batchSize(), maxHeld()) / 4) {
      return new StepResult(0, 0, 0, 0, false);
    }
    int limit = Math.min(limits.batchSize(), free);
    List<OutboxRow> rows = outbox.claim(now, now.plus(limits.lease()), limit, saturatedQueues());
    List<EventKey> postponed = new ArrayList<>();
    Map<Long, List<String>> secretsOfStep = new HashMap<>();
    Set<Long> unprepared = new HashSet<>();
    int launched = 0;
    int queued = 0;
    for (OutboxRow row : rows) {
      if (unprepared.contains(row.applicationId())) {
        postponed.add(row.key());
        continue;
      }
      Target target;
      try {
        target = target(row, now, secretsOfStep);
      } catch (RuntimeException e) {
        // Our own trouble (the database behind the secrets, most likely), not the event's: it
        // goes back unsent and uncounted, and is tried again in a moment.
        unprepared.add(row.applicationId());
        log.warn(
            "callbacks of application {} could not be prepared; they wait: {}",
            row.applicationId(),
            e.toString());
        postponed.add(row.key());
        continue;
      }
      if (target.errorKind != null) {
        ended.add(new Ended(row, target, DeliveryResult.failed(target.errorKind, null, null)));
        continue;
      }
      Lane lane = lanes.computeIfAbsent(target.hostKey, h -> new Lane());
      laneOfQueue.put(row.key().queueId(), lane);
      Held event = new Held(row, target, lane, now);
      if (reserve(lane)) {
        held.incrementAndGet();
        launch(event);
        launched++;
      } else if (lane.waitingCount.get() < lane.backlogBound(limits.maxPerHost())) {
        held.incrementAndGet();
        lane.waitingCount.incrementAndGet();
        lane.waiting.add(event);
        queued++;
        drain(lane);
      } else {
        postponed.add(row.key());
      }
    }
    if (!postponed.isEmpty()) {
      outbox.postpone(postponed, now.plus(limits.postpone()));
    }
    flush();
    return new StepResult(rows.size(), launched, queued, postponed.size(), rows.size() == limit);
  }

  /**
   * The queues whose events would only be given back now: their host's lane is full. The claim
   * leaves their rows alone (no writes for them) until the lane drains, so one slow receiver's
   * backlog, however long, costs the others nothing.
   */
  private Set<Long> saturatedQueues() {
    Set<Long> saturated = new HashSet<>();
    for (Map.Entry<Long, Lane> entry : laneOfQueue.entrySet()) {
      Lane lane = entry.getValue();
      if (lane.waitingCount.get() >= lane.backlogBound(limits.maxPerHost())) {
        saturated.add(entry.getKey());
        if (saturated.size() == MAX_SKIPPED_QUEUES) {
          break;
        }
      }
    }
    return saturated;
  }

  /**
   * Gives every claimed event that has not started back to the outbox, due at once: at shutdown, so
   * that a restarted node sends them without waiting for their lease to end.
   */
  public void giveBackWaiting(Instant now) {
    List<EventKey> keys = new ArrayList<>();
    for (Lane lane : lanes.values()) {
      for (Held waiting; (waiting = lane.waiting.poll()) != null; ) {
        lane.waitingCount.decrementAndGet();
        keys.add(waiting.row.key());
        heldDone();
      }
    }
    if (!keys.isEmpty()) {
      outbox.postpone(keys, now);
    }
  }

  /**
   * Waits until no claimed event is running or waiting, at most {@code timeout}, then records what
   * ended. Answers whether it went idle.
   */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (idle) {
      while (held.get() > 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          break;
        }
        idle.wait(Math.max(1, left / 1_000_000));
      }
    }
    flush();
    return held.get() == 0;
  }

  /** Deliveries running now. */
  public int inFlight() {
    return running.get();
  }

  /** Claimed events running or waiting for their host. */
  public int held() {
    return held.get();
  }

  /**
   * The most claimed events held at once, running or waiting: a few batches, so a fast receiver's
   * lane always has its next events at hand instead of each step claiming and giving back.
   */
  public int maxHeld() {
    return HELD_BATCHES * Math.max(limits.maxConcurrent(), limits.batchSize());
  }

  /** Whether the held events fill the bound, so that claiming now would gain nothing. */
  public boolean saturated() {
    return maxHeld() - held.get() < Math.min(limits.batchSize(), maxHeld()) / 4;
  }

  /** Re-reads the pending events per queue for the gauge. */
  public void refreshPending() {
    pending = Map.copyOf(outbox.pendingByQueue());
  }

  public long pending(long queueId) {
    return pending.getOrDefault(queueId, 0L);
  }

  /** Deletes finished rows older than {@code retention}. */
  public int purge(Instant now, Duration retention) {
    return outbox.purge(now.minus(retention));
  }

  /** Deletes error records older than {@code retention}. */
  public int purgeErrors(Instant now, Duration retention) {
    return outbox.purgeErrors(now.minus(retention));
  }

  /** Writes the outcomes of the deliveries that ended, in one batch. */
  public void flush() {
    if (!givenBack.isEmpty()) {
      List<EventKey> keys = new ArrayList<>();
      for (EventKey key; (key = givenBack.poll()) != null; ) {
        keys.add(key);
      }
      outbox.postpone(keys, clock.instant().plus(limits.postpone()));
    }
    if (ended.isEmpty()) {
      return;
    }
    List<Ended> batch = new ArrayList<>();
    for (Ended e; (e = ended.poll()) != null; ) {
      batch.add(e);
    }
    Instant now = clock.instant();
    List<OutboxStore.Outcome> outcomes = new ArrayList<>(batch.size());
    List<CallbackError> errors = new ArrayList<>();
    for (Ended e : batch) {
      outcomes.add(outcome(e, now, errors));
    }
    try {
      outbox.record(outcomes, errors);
    } catch (RuntimeException e) {
      // Kept for the next flush: dropping them would send every success again once its lease
      // ends. Writing an outcome twice is harmless (each write is guarded by the row's state).
      ended.addAll(batch);
      throw e;
    }
    for (Ended e : batch) {
      DeliveryResult.Verdict verdict = e.result.verdict();
      boolean finalFailure =
          verdict == DeliveryResult.Verdict.FAIL
              || (verdict == DeliveryResult.Verdict.RETRY
                  && !backoff.mayRetry(e.row.attempts() + 1));
      if (verdict == DeliveryResult.Verdict.SUCCESS || finalFailure) {
        for (DeliveryObserver observer : observers) {
          try {
            observer.finished(e.row.applicationId(), e.row.key().queueId(), !finalFailure);
          } catch (RuntimeException failure) {
            log.warn("a callback observer failed", failure);
          }
        }
      }
    }
  }

  private OutboxStore.Outcome outcome(Ended e, Instant now, List<CallbackError> errors) {
    OutboxRow row = e.row;
    DeliveryResult result = e.result;
    Instant at = e.startedAt == null ? now : e.startedAt;
    String logged = AttemptLog.append(row.attemptLog(), at, result.outcome());
    int attempts = row.attempts() + 1;
    switch (result.verdict()) {
      case SUCCESS:
        return new OutboxStore.Outcome.Delivered(row.key(), logged, now);
      case RETRY:
        if (backoff.mayRetry(attempts)) {
          return new OutboxStore.Outcome.Retry(
              row.key(), logged, now.plus(backoff.delay(attempts, result.retryAfter())));
        }
        break;
      default:
        break;
    }
    errors.add(
        new CallbackError(
            Ids.next(),
            row.applicationId(),
            row.key(),
            row.occurredAt(),
            e.target.url,
            result.status() == 0 ? null : result.status(),
            result.status() == 0 ? result.errorKind() : null,
            result.snippet(),
            AttemptLog.parse(logged),
            now,
            null));
    return new OutboxStore.Outcome.Failed(row.key(), logged, now);
  }

  /** Takes a slot of the event's host and one of the node's, or neither. */
  private boolean reserve(Lane lane) {
    if (!lane.tryReserve(limits.maxPerHost())) {
      return false;
    }
    if (running.incrementAndGet() > limits.maxConcurrent()) {
      running.decrementAndGet();
      lane.active.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Runs a reserved event's delivery on the delivery executor. */
  private void launch(Held event) {
    try {
      deliveries.execute(() -> deliver(event));
    } catch (RuntimeException rejected) {
      running.decrementAndGet();
      givenBack.add(event.row.key());
      release(event.lane);
    }
  }

  /**
   * Starts waiting events of the lane while it and the node have free slots; gives back stale ones.
   * A loop, not a recursion: a lane of thousands of stale events must not deepen the stack.
   */
  private void drain(Lane lane) {
    while (!lane.waiting.isEmpty() && reserve(lane)) {
      Held next = lane.waiting.poll();
      if (next == null) {
        unreserve(lane);
        return;
      }
      lane.waitingCount.decrementAndGet();
      // Half the lease is the longest an event waits here, so its delivery ends within the lease.
      if (clock.instant().isAfter(next.claimedAt.plus(limits.lease().dividedBy(2)))) {
        givenBack.add(next.row.key());
        unreserve(lane);
        heldDone();
        continue;
      }
      launch(next);
    }
  }

  private void unreserve(Lane lane) {
    running.decrementAndGet();
    lane.active.decrementAndGet();
  }

  /** One claimed event fewer held (ended, or given back). */
  private void heldDone() {
    if (held.decrementAndGet() == 0) {
      synchronized (idle) {
        idle.notifyAll();
      }
    }
  }

  /** Frees a slot of the lane (and the claim), then starts the lane's next waiting event. */
  private void release(Lane lane) {
    lane.active.decrementAndGet();
    heldDone();
    drain(lane);
  }

  private void deliver(Held event) {
    OutboxRow row = event.row;
    Target target = event.target;
    Instant started = clock.instant();
    DeliveryResult result = null;
    try {
      byte[] body = payload(row, target);
      String id = row.key().webhookId();
      long timestamp = started.getEpochSecond();
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("webhook-id", id);
      headers.put("webhook-timestamp", Long.toString(timestamp));
      headers.put("webhook-signature", signer.sign(id, timestamp, body, target.secrets));
      headers.put("content-type", "application/json");
      headers.put("user-agent", USER_AGENT);
      result = transport.post(target.uri, headers, body);
    } catch (RuntimeException e) {
      log.warn("callback for queue {} was not sent", row.key().queueId(), e);
      result =
          DeliveryResult.failed(ErrorKinds.CONNECTION_FAILED, e.getClass().getSimpleName(), null);
    } finally {
      // Whatever happened (an Error included), the slots are given back and the attempt counted.
      if (result == null) {
        result = DeliveryResult.failed(ErrorKinds.CONNECTION_FAILED, "Error", null);
      }
      try {
        for (DeliveryObserver observer : observers) {
          observer.attempted(row.applicationId(), row.key().queueId(), result);
        }
      } catch (RuntimeException e) {
        log.warn("a callback observer failed", e);
      }
      ended.add(new Ended(row, target, result, started));
      running.decrementAndGet();
      event.lane.ended.incrementAndGet();
      release(event.lane);
    }
  }

  private byte[] payload(OutboxRow row, Target target) {
    long queueId = row.key().queueId();
    String accessToken = null;
    if (row.key().event() == VisitorEvent.RELEASED
        && row.releasedAt() != null
        && row.expiresAt() != null) {
      accessToken =
          passes.issue(
              target.queue, row.key().seq(), row.visitorKey(), row.releasedAt(), row.expiresAt());
    }
    return CallbackPayload.of(
        target.queue.applicationId(), row, tokens.issue(queueId, row.key().seq()), accessToken);
  }

  /** Where an event goes and what signs it, or why it cannot go anywhere. */
  private Target target(OutboxRow row, Instant now, Map<Long, List<String>> secretsOfStep) {
    Optional<Queue> queue = queues.find(row.key().queueId());
    if (queue.isEmpty()) {
      return Target.refused(row, null, ErrorKinds.QUEUE_GONE);
    }
    Optional<Application> application = queues.application(queue.get().applicationId());
    if (application.isEmpty()) {
      return Target.refused(row, null, ErrorKinds.QUEUE_GONE);
    }
    String url = queue.get().settings().callbackUrl();
    if (url == null) {
      url = application.get().callbackUrl();
    }
    if (url == null) {
      return Target.refused(row, null, ErrorKinds.NO_TARGET);
    }
    URI uri = usableUri(url);
    if (uri == null) {
      return Target.refused(row, url, ErrorKinds.INVALID_URL);
    }
    List<String> signing =
        secretsOfStep.computeIfAbsent(application.get().id(), id -> secrets.secrets(id, now));
    if (signing == null || signing.isEmpty()) {
      return Target.refused(row, url, ErrorKinds.NO_WEBHOOK_SECRET);
    }
    String hostKey = uri.getHost().toLowerCase(Locale.ROOT) + ":" + port(uri);
    return new Target(queue.get(), uri, url, hostKey, signing, null);
  }

  /** The URL if it is one we may send to: http(s), a host, no user info. */
  static URI usableUri(String url) {
    try {
      URI uri = new URI(url);
      return CallbackUrls.formProblem(uri).isEmpty() ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static int port(URI uri) {
    return uri.getPort() != -1
        ? uri.getPort()
        : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private record Target(
      Queue queue, URI uri, String url, String hostKey, List<String> secrets, String errorKind) {
    static Target refused(OutboxRow row, String url, String errorKind) {
      return new Target(null, null, url, null, List.of(), errorKind);
    }
  }

  /** One target host's deliveries: how many run, and the events waiting for a slot. */
  private static final class Lane {
    final AtomicInteger active = new AtomicInteger();
    final AtomicInteger waitingCount = new AtomicInteger();
    final ConcurrentLinkedQueue<Held> waiting = new ConcurrentLinkedQueue<>();
    final AtomicLong ended = new AtomicLong();
    // Read and written by the stepping thread only.
    Instant windowStart;
    long endedAtWindowStart;
    long endedLastSecond;

    /** Rolls the one-second window of ended deliveries on which the backlog bound grows. */
    void measure(Instant now) {
      if (windowStart == null) {
        windowStart = now;
        endedAtWindowStart = ended.get();
        return;
      }
      long elapsed = Duration.between(windowStart, now).toMillis();
      if (elapsed >= 1_000) {
        long total = ended.get();
        endedLastSecond = (total - endedAtWindowStart) * 1_000 / elapsed;
        windowStart = now;
        endedAtWindowStart = total;
      }
    }

    long backlogBound(int maxPerHost) {
      return Math.max((long) maxPerHost * BACKLOG_PER_SLOT, endedLastSecond);
    }

    boolean tryReserve(int bound) {
      while (true) {
        int current = active.get();
        if (current >= bound) {
          return false;
        }
        if (active.compareAndSet(current, current + 1)) {
          return true;
        }
      }
    }
  }

  private record Held(OutboxRow row, Target target, Lane lane, Instant claimedAt) {}

  private record Ended(OutboxRow row, Target target, DeliveryResult result, Instant startedAt) {
    Ended(OutboxRow row, Target target, DeliveryResult result) {
      this(row, target, result, null);
    }
  }
}

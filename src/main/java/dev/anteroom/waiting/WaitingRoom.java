package dev.anteroom.waiting;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.ConflictException;
import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.common.UnavailableException;
import dev.anteroom.node.NodeLease;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.KeyKind;
import dev.anteroom.tenant.VisitorIdSignature;
import dev.anteroom.tenant.VisitorSigningKeys;
import dev.anteroom.waiting.store.Joined;
import dev.anteroom.waiting.store.LineFullException;
import dev.anteroom.waiting.store.NewVisitor;
import dev.anteroom.waiting.store.VisitorRow;
import dev.anteroom.waiting.store.VisitorView;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What visitors do: join a queue, learn their place and wait, leave. Every answer is built from
 * memory; only a join, a cancel and the first poll after a release touch the database.
 */
public final class WaitingRoom {

  private static final int PASS_CACHE_SIZE = 10_000;

  /** The retry advised to a refused visitor while the queue is paused: a minute. */
  static final Duration PAUSED_RETRY = Duration.ofMinutes(1);

  private final QueueDirectory queues;
  private final WaitingLineStore store;
  private final VisitorTokens tokens;
  private final Gate gate;
  private final PassIssuer passes;
  private final VisitorSigningKeys visitorKeys;
  private final NodeLease lease;
  private final LineMeters meters;
  private final Clock clock;
  private final Map<VisitorTokens.Ref, IssuedPass> passCache =
      new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<VisitorTokens.Ref, IssuedPass> eldest) {
          return size() > PASS_CACHE_SIZE;
        }
      };

  public WaitingRoom(
      QueueDirectory queues,
      WaitingLineStore store,
      VisitorTokens tokens,
      Gate gate,
      PassIssuer passes,
      VisitorSigningKeys visitorKeys,
      NodeLease lease,
      LineMeters meters,
      Clock clock) {
    this.queues = queues;
    this.store = store;
    this.tokens = tokens;
    this.gate = gate;
    this.passes = passes;
    this.visitorKeys = visitorKeys;
    this.lease = lease;
    this.meters = meters;
    this.clock = clock;
  }

  public JoinResult join(Caller caller, JoinRequest request) {
    if (!(caller instanceof Caller.ApplicationKey key)) {
      throw new ForbiddenException("visitors join with the application's sk_ or pk_ key");
    }
    if (request.priority() != 0 && key.kind() == KeyKind.PUBLISHABLE) {
      throw new ForbiddenException("only the secret key (sk_) may give a visitor a priority");
    }
    Queue queue = visibleQueue(caller, request.queueId());
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    requireTrustedVisitorId(key, request, now);
    store.open(queue.id(), queue.shuffle());
    // Only the node that owns the line may number joins: another would hand out clashing numbers.
    // A simulated join answers as a real one would, so it is refused here too.
    lease.requireHeld();
    Admission admission = admit(queue, request, now, !request.simulate());
    return request.simulate()
        ? simulated(queue, request, admission, now)
        : enter(queue, request, admission, now);
  }

  /**
   * The admission rule, the same for a join ({@code reserve}: a straight-through admission takes
   * its pace and slot) and for a simulated join (it takes and stores nothing).
   */
  private Admission admit(Queue queue, JoinRequest request, Instant now, boolean reserve) {
    if (queue.isClosedAt(now)) {
      return Admission.CLOSED;
    }
    if (request.visitorId() != null) {
      Optional<VisitorView> existing = store.findByVisitorKey(queue.id(), request.visitorId(), now);
      if (existing.isPresent()) {
        return Admission.held(existing.get());
      }
    }
    if (reserve ? gate.admitNow(queue, now) : gate.wouldAdmitNow(queue, now)) {
      return Admission.STRAIGHT_THROUGH;
    }
    if (queue.settings().queueMethod() == QueueMethod.REJECT) {
      return Admission.AT_CAPACITY;
    }
    Integer maxSize = queue.settings().maxSize();
    if (maxSize != null && store.counts(queue.id()).waiting() >= maxSize) {
      return Admission.QUEUE_FULL;
    }
    return Admission.WAIT;
  }

  /** Acts on the admission: a new place (or a pass), the place already held, or a refusal. */
  private JoinResult enter(Queue queue, JoinRequest request, Admission admission, Instant now) {
    switch (admission.outcome()) {
      case CLOSED, AT_CAPACITY, QUEUE_FULL -> throw refusal(queue, admission.outcome(), now);
      case HELD -> {
        return rejoined(queue, admission.held(), now);
      }
      case STRAIGHT_THROUGH, WAIT -> {}
    }
    boolean admitted = admission.outcome() == Admission.Outcome.STRAIGHT_THROUGH;
    Joined joined = null;
    try {
      Instant passUntil = admitted ? queue.passUntil(now) : null;
      joined =
          store.join(
              queue.id(),
              new NewVisitor(
                  request.priority(), request.visitorId(), request.metadata(), now, passUntil),
              queue.settings().maxSize());
    } catch (LineFullException full) {
      throw refusal(queue, Admission.Outcome.QUEUE_FULL, now);
    } finally {
      if (admitted) {
        gate.settle(queue, joined != null && joined.created());
      }
    }
    if (joined.created()) {
      meters.of(queue.id()).joined.increment();
      if (joined.visitor().state() == VisitorState.RELEASED) {
        meters.of(queue.id()).released.increment();
      }
    }
    String token = tokens.issue(queue.id(), joined.visitor().seq());
    return new JoinResult(
        token, joined.created(), now, statusOf(queue, joined.visitor(), now), false);
  }

  /** What {@link #enter} would answer for this admission, with nothing stored or handed out. */
  private JoinResult simulated(Queue queue, JoinRequest request, Admission admission, Instant now) {
    VisitorStatus status =
        switch (admission.outcome()) {
          case CLOSED, AT_CAPACITY, QUEUE_FULL -> throw refusal(queue, admission.outcome(), now);
          case HELD ->
              admission.held().state() == VisitorState.WAITING
                  ? waiting(queue, admission.held().position(), now)
                  : released(queue, null);
          case STRAIGHT_THROUGH -> released(queue, null);
          case WAIT ->
              waiting(queue, store.positionOfNewcomer(queue.id(), request.priority()), now);
        };
    Instant joinedAt =
        admission.held() == null
            ? now
            : store
                .record(queue.id(), admission.held().seq())
                .map(VisitorRow::joinedAt)
                .orElse(now);
    return new JoinResult(null, false, joinedAt, status, true);
  }

  /**
   * A visitor id finds an existing place and its token, so it is a credential: the publishable key
   * is public, and from a browser the id counts only when the tenant's server signed it. The secret
   * key speaks for the tenant's server and may send bare ids; a signature it sends is checked too.
   */
  private void requireTrustedVisitorId(
      Caller.ApplicationKey key, JoinRequest request, Instant now) {
    JoinRequest.SignedVisitorId signed = request.signature();
    if (request.visitorId() == null || (signed == null && key.kind() == KeyKind.SECRET)) {
      return;
    }
    if (signed == null) {
      throw new InvalidInputException(
          "unsigned_visitor_id",
          "visitor_id",
          "a visitor_id sent with the publishable key (pk_) must be signed by your server: add"
              + " visitor_expires_at and visitor_signature made with the application's"
              + " visitor_signing_key (see "
              + VisitorIdSignature.README_SECTION
              + "), join from your server with the secret key (sk_), or leave visitor_id out");
    }
    String signingKey =
        visitorKeys
            .current(key.applicationId())
            .orElseThrow(() -> new UnauthenticatedException("the API key is not valid"));
    VisitorIdSignature.check(
        signingKey,
        key.applicationId(),
        signed.visitorId(),
        signed.expiresAt(),
        signed.signature(),
        now);
  }

  /** The status a token names, recording the poll. */
  public VisitorStatus status(String token) {
    return status(resolve(token), true);
  }

  /** The status of a visitor, optionally recording that they are still there. */
  public VisitorStatus status(VisitorTokens.Ref ref, boolean poll) {
    Queue queue = queues.find(ref.queueId()).orElseThrow(WaitingRoom::unknownToken);
    store.open(queue.id(), queue.shuffle());
    Instant now = clock.instant();
    VisitorView view =
        store.find(queue.id(), ref.seq(), now).orElseThrow(WaitingRoom::unknownToken);
    if (poll && view.state() == VisitorState.WAITING) {
      store.touch(queue.id(), ref.seq(), now);
    }
    return statusOf(queue, view, now);
  }

  /**
   * With several nodes: brings this node's copy of the visitor's line at least as far as another
   * node's answer reflected ({@code seen}, 0 for none), so a visitor whose polls move between nodes
   * never sees the place go back; answers how far this node's copy reflects the line (0 on a node
   * alone with its database). Costs nothing unless this node is behind.
   */
  public long followLine(long queueId, long seen) {
    return store.isOpen(queueId) ? store.followTo(queueId, seen) : 0;
  }

  /** Takes the visitor out of the line; answers the state afterwards. Idempotent. */
  public VisitorState cancel(String token, Optional<Caller> caller) {
    return cancel(resolve(token), caller);
  }

  /**
   * Takes the visitor a resolved token names out of the line; see {@link #cancel(String,
   * Optional)}.
   */
  public VisitorState cancel(VisitorTokens.Ref ref, Optional<Caller> caller) {
    Queue queue = queues.find(ref.queueId()).orElseThrow(WaitingRoom::unknownToken);
    if (caller.isPresent() && !caller.get().sees(queue.applicationId())) {
      throw unknownToken();
    }
    lease.requireHeld();
    store.open(queue.id(), queue.shuffle());
    Instant now = clock.instant();
    VisitorView before =
        store.find(queue.id(), ref.seq(), now).orElseThrow(WaitingRoom::unknownToken);
    VisitorState after = store.cancel(queue.id(), ref.seq(), now);
    if (before.state() == VisitorState.WAITING && after == VisitorState.CANCELLED) {
      meters.of(queue.id()).cancelled.increment();
    }
    return after;
  }

  /** The visitor a queue token names; a forged or unknown token is not found. */
  public VisitorTokens.Ref resolve(String token) {
    VisitorTokens.Ref ref = tokens.read(token);
    if (ref == null) {
      throw unknownToken();
    }
    return ref;
  }

  /** The queue, if the caller may see it. */
  public Queue visibleQueue(Caller caller, long queueId) {
    return queues
        .find(queueId)
        .filter(q -> caller.sees(q.applicationId()))
        .orElseThrow(() -> new NotFoundException("queue", queueId));
  }

  // ---- answers ----------------------------------------------------------------------------

  private VisitorStatus statusOf(Queue queue, VisitorView view, Instant now) {
    return switch (view.state()) {
      case WAITING -> waiting(queue, view.position(), now);
      case RELEASED -> released(queue, passFor(queue, view.seq()));
      case CANCELLED, EXPIRED ->
          new VisitorStatus(
              queue.id(),
              view.state(),
              null,
              null,
              PollHint.forFinalState(),
              null,
              null,
              queue.settings().redirectUrl(),
              null,
              null);
    };
  }

  /** A released visitor's status; {@code pass} is null in a simulation, which hands none out. */
  private static VisitorStatus released(Queue queue, IssuedPass pass) {
    return new VisitorStatus(
        queue.id(),
        VisitorState.RELEASED,
        null,
        0L,
        PollHint.forFinalState(),
        pass == null ? null : pass.token(),
        pass == null ? null : pass.expiresAt(),
        queue.settings().redirectUrl(),
        null,
        null);
  }

  private JoinResult rejoined(Queue queue, VisitorView view, Instant now) {
    Instant joinedAt = store.record(queue.id(), view.seq()).map(VisitorRow::joinedAt).orElse(now);
    String token = tokens.issue(queue.id(), view.seq());
    return new JoinResult(token, false, joinedAt, statusOf(queue, view, now), false);
  }

  /**
   * A waiting visitor's status. Without fixed places (a lottery, a pre-queue) there is no position
   * to tell, and the wait is that of the middle of the line.
   */
  private VisitorStatus waiting(Queue queue, int place, Instant now) {
    Integer position = hasFixedPlaces(queue) ? place : null;
    double expectedPlace =
        position != null ? position : (store.counts(queue.id()).waiting() + 1) / 2.0;
    Long eta = gate.expectedWait(queue, expectedPlace, now);
    Instant opensAt = queue.isOpenAt(now) ? null : queue.settings().opensAt();
    Long opensIn = opensAt == null ? null : secondsUntil(opensAt, now);
    int idle = queue.settings().idleTimeoutSeconds();
    return new VisitorStatus(
        queue.id(),
        VisitorState.WAITING,
        position,
        eta,
        opensIn == null ? PollHint.forWait(eta, idle) : PollHint.beforeOpening(eta, idle, opensIn),
        null,
        null,
        queue.settings().redirectUrl(),
        opensAt,
        opensIn);
  }

  /** Whole seconds from {@code now} to a later instant, rounded up. */
  private static long secondsUntil(Instant later, Instant now) {
    long millis = Duration.between(now, later).toMillis();
    return Math.max(0, (millis + 999) / 1000);
  }

  /**
   * Places are exact in first-come queues once open; in a lottery, and in a pre-queue before its
   * opening shuffle, a visitor has no fixed place to report.
   */
  private static boolean hasFixedPlaces(Queue queue) {
    boolean awaitingShuffle = queue.settings().opensAt() != null && queue.shuffle() == null;
    return queue.settings().queueMethod() != QueueMethod.RANDOM && !awaitingShuffle;
  }

  /** The refusal of an admission, advising a retry when the next place could open. */
  private AnteroomException refusal(Queue queue, Admission.Outcome outcome, Instant now) {
    return switch (outcome) {
      case CLOSED ->
          new UnavailableException(
              "queue_closed",
              "queue "
                  + queue.id()
                  + " closed at "
                  + queue.settings().closesAt()
                  + " to new visitors",
              null);
      case AT_CAPACITY ->
          new UnavailableException(
              "queue_at_capacity",
              "queue " + queue.id() + " admits no one more right now and keeps no waiting line",
              untilNextPlace(queue, now));
      case QUEUE_FULL ->
          new ConflictException(
              "queue_full",
              "queue "
                  + queue.id()
                  + " is full: "
                  + queue.settings().maxSize()
                  + " visitors are already waiting",
              untilNextPlace(queue, now));
      default -> throw new IllegalArgumentException(outcome + " is no refusal");
    };
  }

  /**
   * When a refused visitor may find room: the expected wait of the first place in line (under a
   * full cap, until the earliest pass runs out), or {@link #PAUSED_RETRY} while nobody is let
   * through.
   */
  private Duration untilNextPlace(Queue queue, Instant now) {
    Long wait = gate.expectedWait(queue, 1, now);
    return wait == null ? PAUSED_RETRY : Duration.ofSeconds(Math.max(1, wait));
  }

  private IssuedPass passFor(Queue queue, long seq) {
    VisitorTokens.Ref key = new VisitorTokens.Ref(queue.id(), seq);
    IssuedPass cached;
    synchronized (passCache) {
      cached = passCache.get(key);
    }
    if (cached != null) {
      return cached;
    }
    VisitorRow row =
        store.record(queue.id(), seq).orElseThrow(() -> new IllegalStateException("no row"));
    IssuedPass pass =
        new IssuedPass(
            passes.issue(queue, seq, row.visitorKey(), row.releasedAt(), row.expiresAt()),
            row.expiresAt());
    synchronized (passCache) {
      passCache.put(key, pass);
    }
    return pass;
  }

  private static NotFoundException unknownToken() {
    return new NotFoundException("no visitor has this queue token");
  }

  private record IssuedPass(String token, Instant expiresAt) {}
}

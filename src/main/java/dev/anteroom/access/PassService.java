package dev.anteroom.access;

import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.node.NodeLease;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.KeyKind;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.PassIssuer;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.store.VisitorView;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Passes as the tenant's server sees them: issued at release, verified online (which, unlike the
 * offline check, also knows a pass ended early with {@code /complete}), and completed.
 */
public final class PassService implements PassIssuer {

  private final AccessPasses passes;
  private final AnonymousSubjects anonymous;
  private final QueueDirectory queues;
  private final WaitingLineStore store;
  private final NodeLease lease;
  private final LineMeters meters;
  private final Clock clock;

  public PassService(
      AccessPasses passes,
      AnonymousSubjects anonymous,
      QueueDirectory queues,
      WaitingLineStore store,
      NodeLease lease,
      LineMeters meters,
      Clock clock) {
    this.passes = passes;
    this.anonymous = anonymous;
    this.queues = queues;
    this.store = store;
    this.lease = lease;
    this.meters = meters;
    this.clock = clock;
  }

  @Override
  public String issue(
      Queue queue, long seq, String visitorId, Instant releasedAt, Instant expiresAt) {
    String subject = visitorId != null ? visitorId : anonymous.of(queue.id(), seq);
    return passes.issue(
        new PassClaims(queue.applicationId(), queue.id(), seq, subject, releasedAt, expiresAt));
  }

  /** Whether the pass is good now for the caller's application. */
  public PassCheck verify(Caller caller, String token) {
    long application = secretKeyApplication(caller);
    PassCheck check = passes.check(token);
    if (check.claims() != null && check.claims().applicationId() != application) {
      return PassCheck.invalid("wrong_application");
    }
    if (!check.valid()) {
      return check;
    }
    Optional<VisitorView> visitor = visitor(check.claims());
    if (visitor.isEmpty() || visitor.get().state() != VisitorState.RELEASED) {
      return PassCheck.invalid("revoked", check.claims());
    }
    return check;
  }

  /**
   * Ends the visitor's session now, freeing an active slot at once. Answers true if this call ended
   * it, false if it had already ended; idempotent.
   */
  public boolean complete(Caller caller, String token) {
    long application = secretKeyApplication(caller);
    PassCheck check = passes.check(token);
    if (check.claims() == null) {
      throw new InvalidInputException(
          "access_token", "access_token is not a pass issued here (" + check.reason() + ")");
    }
    PassClaims claims = check.claims();
    lease.requireHeld();
    if (claims.applicationId() != application) {
      throw new NotFoundException("no pass of this application matches access_token");
    }
    Optional<Queue> queue = queues.find(claims.queueId());
    if (queue.isEmpty()) {
      return false;
    }
    store.open(claims.queueId(), queue.get().shuffle());
    boolean ended = store.complete(claims.queueId(), claims.seq(), clock.instant());
    if (ended) {
      meters.of(claims.queueId()).completed.increment();
    }
    return ended;
  }

  private Optional<VisitorView> visitor(PassClaims claims) {
    return queues
        .find(claims.queueId())
        .flatMap(
            queue -> {
              store.open(queue.id(), queue.shuffle());
              return store.find(queue.id(), claims.seq(), clock.instant());
            });
  }

  private static long secretKeyApplication(Caller caller) {
    if (caller instanceof Caller.ApplicationKey key && key.kind() == KeyKind.SECRET) {
      return key.applicationId();
    }
    throw new ForbiddenException(
        "passes are verified and completed with the application's sk_ key");
  }
}

package dev.anteroom.callback;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.Transactions;
import dev.anteroom.tenant.Caller;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Callback error records as tenants and admins see them, and their redelivery, with the tenancy
 * rules of {@link Caller}: a record of an application the caller cannot see is not found.
 */
public final class CallbackErrors {

  /** Records redelivered per statement batch by a bulk retry. */
  static final int BATCH = 500;

  /** The most records one bulk retry redelivers; the answer says how many it did. */
  public static final int MAX_BULK = 10_000;

  private final CallbackErrorStore errors;
  private final OutboxStore outbox;
  private final Transactions transactions;
  private final Clock clock;

  public CallbackErrors(
      CallbackErrorStore errors, OutboxStore outbox, Transactions transactions, Clock clock) {
    this.errors = errors;
    this.outbox = outbox;
    this.transactions = transactions;
    this.clock = clock;
  }

  public Page<CallbackError> list(
      Caller caller, CallbackErrorStore.Filter filter, PageRequest page) {
    scope(caller, filter);
    return errors.list(filter, caller.visibleApplications(), page);
  }

  /** Sends the record's event again from the start (attempts reset, due now); marks it retried. */
  public CallbackError retry(Caller caller, long id) {
    caller.requireServerSide();
    CallbackError error =
        errors
            .find(id)
            .filter(e -> caller.sees(e.applicationId()))
            .orElseThrow(() -> new NotFoundException("callback error", id));
    Instant now = clock.instant();
    transactions.inTransaction(
        () -> {
          outbox.redeliver(
              List.of(new OutboxStore.Redelivery(error.key(), error.occurredAt())), now);
          errors.markRetried(List.of(id), now);
          return null;
        });
    return errors.find(id).orElseThrow(() -> new NotFoundException("callback error", id));
  }

  /**
   * Sends again the events of every matching record not yet retried (at most {@value #MAX_BULK});
   * answers how many.
   */
  public int retryAll(Caller caller, CallbackErrorStore.Filter filter) {
    scope(caller, filter);
    int done = 0;
    while (done < MAX_BULK) {
      List<CallbackError> batch =
          errors.unretried(filter, caller.visibleApplications(), Math.min(BATCH, MAX_BULK - done));
      if (batch.isEmpty()) {
        break;
      }
      Instant now = clock.instant();
      transactions.inTransaction(
          () -> {
            outbox.redeliver(
                batch.stream()
                    .map(e -> new OutboxStore.Redelivery(e.key(), e.occurredAt()))
                    .distinct()
                    .toList(),
                now);
            errors.markRetried(batch.stream().map(CallbackError::id).toList(), now);
            return null;
          });
      done += batch.size();
    }
    return done;
  }

  private static void scope(Caller caller, CallbackErrorStore.Filter filter) {
    caller.requireServerSide();
    if (filter.applicationId() != null && !caller.sees(filter.applicationId())) {
      throw new NotFoundException("application", filter.applicationId());
    }
  }
}

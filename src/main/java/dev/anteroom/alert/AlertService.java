package dev.anteroom.alert;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.tenant.Caller;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Alerts as callers may see them: an application's secret key and its admins see its alerts; a
 * super admin sees all of them, system alerts included; a publishable key sees none.
 */
public final class AlertService {

  private final AlertStore store;

  public AlertService(AlertStore store) {
    this.store = store;
  }

  /** The criteria of a listing, as a caller sent them; null means "any". */
  public record Criteria(
      Long applicationId,
      Long queueId,
      Alert.State state,
      AlertKind kind,
      Instant from,
      Instant to) {

    public Criteria {
      if (from != null && to != null && !to.isAfter(from)) {
        throw new InvalidInputException("to", "to must be later than from");
      }
    }
  }

  public Page<Alert> list(Caller caller, Criteria criteria, PageRequest page) {
    caller.requireServerSide();
    Optional<Set<Long>> scope = caller.visibleApplications();
    if (criteria.applicationId() != null && !caller.sees(criteria.applicationId())) {
      throw new NotFoundException("application", criteria.applicationId());
    }
    return store.list(
        new AlertFilter(
            scope,
            criteria.applicationId(),
            criteria.queueId(),
            criteria.state(),
            criteria.kind(),
            criteria.from(),
            criteria.to()),
        page);
  }
}

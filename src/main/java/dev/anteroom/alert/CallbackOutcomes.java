package dev.anteroom.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The final outcomes of callback deliveries, per application, over a recent window. */
@FunctionalInterface
public interface CallbackOutcomes {

  /** The tallies of the applications with outcomes in {@code [now - window, now]}. */
  List<Tally> recent(Duration window, Instant now);

  /**
   * @param finalFailures deliveries that failed after their last retry
   */
  record Tally(long applicationId, long successes, long finalFailures) {}
}

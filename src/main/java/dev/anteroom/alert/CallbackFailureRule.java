package dev.anteroom.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An application alerts while its callbacks fail: at least {@code failures} final failures in the
 * sliding {@code window}, or more than {@code ratio} of its final outcomes failed when there were
 * at least {@code minOutcomes} of them.
 *
 * <p>On a node alone with its database the outcomes are counted in memory from when the node
 * started: until they cover a whole window ({@link #knownFrom}), the rule cannot tell that failures
 * stopped, so it does not answer (a firing alert then stays firing across a restart instead of
 * being resolved by an empty tally). With several nodes they are read from the stored outbox, which
 * holds every node's outcomes from before any start.
 */
public final class CallbackFailureRule implements AlertRule {

  private final CallbackOutcomes outcomes;
  private final Duration window;
  private final int failures;
  private final double ratio;
  private final int minOutcomes;
  private final Instant countedSince;

  public CallbackFailureRule(
      CallbackOutcomes outcomes, Duration window, int failures, double ratio, int minOutcomes) {
    this(outcomes, window, failures, ratio, minOutcomes, Instant.MIN);
  }

  /**
   * @param countedSince when the outcomes began to be counted (this node's start)
   */
  public CallbackFailureRule(
      CallbackOutcomes outcomes,
      Duration window,
      int failures,
      double ratio,
      int minOutcomes,
      Instant countedSince) {
    this.countedSince = countedSince;
    this.outcomes = outcomes;
    this.window = window;
    this.failures = failures;
    this.ratio = ratio;
    this.minOutcomes = minOutcomes;
  }

  @Override
  public AlertKind kind() {
    return AlertKind.CALLBACK_FAILURES;
  }

  /** Once the outcomes cover a whole window. */
  @Override
  public Instant knownFrom() {
    return countedSince.plus(window);
  }

  @Override
  public List<Condition> check(Instant now) {
    if (now.isBefore(knownFrom())) {
      throw new IllegalStateException(
          "callback outcomes are counted since "
              + countedSince
              + ", less than the "
              + window.toMinutes()
              + "-minute window");
    }
    List<Condition> found = new ArrayList<>();
    for (CallbackOutcomes.Tally tally : outcomes.recent(window, now)) {
      long total = tally.successes() + tally.finalFailures();
      double failed = total == 0 ? 0 : (double) tally.finalFailures() / total;
      boolean tooMany = tally.finalFailures() >= failures;
      boolean tooLarge = total >= minOutcomes && failed > ratio;
      if (tooMany || tooLarge) {
        found.add(
            new Condition(
                AlertKey.ofApplication(kind(), tally.applicationId()),
                tally.applicationId(),
                null,
                String.format(
                    Locale.ROOT,
                    "application %d: %d of %d callbacks failed after their last retry in the last"
                        + " %d minutes (%.0f%%)",
                    tally.applicationId(),
                    tally.finalFailures(),
                    total,
                    window.toMinutes(),
                    failed * 100)));
      }
    }
    return found;
  }
}

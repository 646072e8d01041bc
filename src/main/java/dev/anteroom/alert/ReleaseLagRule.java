package dev.anteroom.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/** The release engine has not stepped for longer than a bound. */
public final class ReleaseLagRule implements AlertRule {

  private final Function<Instant, Duration> lag;
  private final Duration bound;

  /**
   * @param lag how far behind schedule the engine is at an instant
   */
  public ReleaseLagRule(Function<Instant, Duration> lag, Duration bound) {
    this.lag = lag;
    this.bound = bound;
  }

  @Override
  public AlertKind kind() {
    return AlertKind.RELEASE_LAG;
  }

  @Override
  public List<Condition> check(Instant now) {
    Duration behind = lag.apply(now);
    if (behind.compareTo(bound) <= 0) {
      return List.of();
    }
    return List.of(
        new Condition(
            AlertKey.ofSystem(kind(), "release"),
            null,
            null,
            "the release engine is "
                + behind.toSeconds()
                + " s behind schedule (bound "
                + bound.toSeconds()
                + " s): visitors are not let through"));
  }
}

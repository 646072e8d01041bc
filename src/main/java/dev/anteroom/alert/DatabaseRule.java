package dev.anteroom.alert;

import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

/** The system of record does not answer. */
public final class DatabaseRule implements AlertRule {

  private final BooleanSupplier reachable;

  /**
   * @param reachable whether the database answers now; it must not wait longer than a probe
   */
  public DatabaseRule(BooleanSupplier reachable) {
    this.reachable = reachable;
  }

  @Override
  public AlertKind kind() {
    return AlertKind.DATABASE_UNREACHABLE;
  }

  @Override
  public List<Condition> check(Instant now) {
    if (reachable.getAsBoolean()) {
      return List.of();
    }
    return List.of(
        new Condition(
            AlertKey.ofSystem(kind(), "database"),
            null,
            null,
            "the database does not answer: joins, cancels and releases wait for it (polls are"
                + " still answered from memory)"));
  }
}

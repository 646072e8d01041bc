package dev.anteroom.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Every change an alert may go through, decided in one place from what fires now and what the rules
 * found: a condition without a firing alert starts one (ok -> firing); a firing alert whose
 * condition still holds repeats once the cooldown has passed since its last message, and otherwise
 * only takes the latest summary; a firing alert whose condition is gone resolves (firing ->
 * resolved). Kinds whose rule could not be read are left exactly as they are: not knowing is not
 * the same as being well.
 */
public final class AlertLifecycle {

  private final Duration cooldown;
  private final LongSupplier ids;

  public AlertLifecycle(Duration cooldown, LongSupplier ids) {
    if (cooldown.isNegative() || cooldown.isZero()) {
      throw new IllegalArgumentException("the alert cooldown must be positive: " + cooldown);
    }
    this.cooldown = cooldown;
    this.ids = ids;
  }

  /**
   * The decisions for one evaluation.
   *
   * @param firing the alerts firing before it
   * @param found the conditions found, of the kinds in {@code read}
   * @param read the kinds whose rules answered; the others keep their alerts untouched
   */
  public Decision decide(
      Collection<Alert> firing, Collection<Condition> found, Set<AlertKind> read, Instant now) {
    Map<AlertKey, Condition> holding = new LinkedHashMap<>();
    for (Condition condition : found) {
      holding.putIfAbsent(condition.key(), condition);
    }
    List<AlertNotice> notices = new ArrayList<>();
    List<Alert> quiet = new ArrayList<>();
    Map<AlertKey, Alert> byKey = new LinkedHashMap<>();
    firing.forEach(alert -> byKey.put(alert.key(), alert));
    for (Alert alert : byKey.values()) {
      if (!read.contains(alert.kind())) {
        continue;
      }
      Condition condition = holding.get(alert.key());
      if (condition == null) {
        notices.add(new AlertNotice(AlertNotice.Event.RESOLVED, alert.resolve(now)));
      } else if (!now.isBefore(alert.lastNotifiedAt().plus(cooldown))) {
        notices.add(new AlertNotice(AlertNotice.Event.REPEATED, alert.repeat(condition, now)));
      } else if (!condition.summary().equals(alert.summary())) {
        quiet.add(alert.update(condition));
      }
    }
    for (Condition condition : holding.values()) {
      if (read.contains(condition.key().kind()) && !byKey.containsKey(condition.key())) {
        notices.add(
            new AlertNotice(
                AlertNotice.Event.STARTED, Alert.start(ids.getAsLong(), condition, now)));
      }
    }
    return new Decision(List.copyOf(notices), List.copyOf(quiet));
  }

  /**
   * What one evaluation changes.
   *
   * @param notices changes that send a message
   * @param quiet firing alerts whose summary moved within the cooldown: stored, not sent
   */
  public record Decision(List<AlertNotice> notices, List<Alert> quiet) {

    /** Every alert changed, in the order to store them. */
    public List<Alert> changed() {
      List<Alert> all = new ArrayList<>(quiet);
      notices.forEach(n -> all.add(n.alert()));
      return all;
    }
  }
}

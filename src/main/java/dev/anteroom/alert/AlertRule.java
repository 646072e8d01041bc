package dev.anteroom.alert;

import java.time.Instant;
import java.util.List;

/**
 * A condition watched by the evaluator. {@link #check} answers every condition of its kind that
 * holds now; one it does not answer is over. A rule that cannot read what it watches throws, and
 * its kind's alerts stay as they are until it can.
 */
public interface AlertRule {

  AlertKind kind();

  List<Condition> check(Instant now);
}

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

  /**
   * The first instant the rule can tell. Before it the evaluator leaves the rule unread, and its
   * kind's alerts as they are, as for a rule that throws; but this is expected (a rule that counts
   * from the node's start), not a failure to report.
   */
  default Instant knownFrom() {
    return Instant.MIN;
  }
}

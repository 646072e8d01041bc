package dev.anteroom.alert;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which alerts a listing shows.
 *
 * @param applications the applications the caller sees, or empty for all, system alerts included
 * @param from with {@code to}, the alerts active at some time in {@code [from, to)}: started before
 *     {@code to} and not resolved before {@code from}; either may be null
 */
public record AlertFilter(
    Optional<Set<Long>> applications,
    Long applicationId,
    Long queueId,
    Alert.State state,
    AlertKind kind,
    Instant from,
    Instant to) {

  /** Whether the alert passes, as the stores' queries decide it. */
  public boolean matches(Alert alert) {
    if (applications.isPresent()
        && (alert.applicationId() == null || !applications.get().contains(alert.applicationId()))) {
      return false;
    }
    return (applicationId == null || applicationId.equals(alert.applicationId()))
        && (queueId == null || queueId.equals(alert.queueId()))
        && (state == null || state == alert.state())
        && (kind == null || kind == alert.kind())
        && (to == null || alert.startedAt().isBefore(to))
        && (from == null || alert.resolvedAt() == null || !alert.resolvedAt().isBefore(from));
  }
}

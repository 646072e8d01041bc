package dev.anteroom.callback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one event, kept on its outbox row as compact text ({@code <epoch
 * millis>:<outcome>} joined by commas) and shown in a callback error record as a list.
 */
public final class AttemptLog {

  /** Bounds the text: a retry count set very high keeps only the latest attempts. */
  static final int MAX_ENTRIES = 20;

  private AttemptLog() {}

  /** One attempt: when it started and what it came to (an HTTP status or an error kind). */
  public record Attempt(Instant at, String outcome) {}

  public static String append(String log, Instant at, String outcome) {
    List<Attempt> attempts = new ArrayList<>(parse(log));
    attempts.add(new Attempt(at, outcome));
    while (attempts.size() > MAX_ENTRIES) {
      attempts.remove(0);
    }
    StringBuilder out = new StringBuilder();
    for (Attempt attempt : attempts) {
      if (!out.isEmpty()) {
        out.append(',');
      }
      out.append(attempt.at().toEpochMilli()).append(':').append(attempt.outcome());
    }
    return out.toString();
  }

  public static List<Attempt> parse(String log) {
    if (log == null || log.isBlank()) {
      return List.of();
    }
    List<Attempt> attempts = new ArrayList<>();
    for (String entry : log.split(",")) {
      int colon = entry.indexOf(':');
      if (colon > 0) {
        try {
          attempts.add(
              new Attempt(
                  Instant.ofEpochMilli(Long.parseLong(entry.substring(0, colon))),
                  entry.substring(colon + 1)));
        } catch (NumberFormatException ignored) {
          // An unreadable entry is dropped rather than failing the error record.
        }
      }
    }
    return attempts;
  }
}

package dev.anteroom.alert;

import java.util.Objects;

/**
 * A rule's finding that something is wrong now.
 *
 * @param applicationId the application concerned, or null for a system condition
 * @param queueId the queue concerned, or null
 * @param summary one sentence an operator reads in an email subject's wake: what, where, how much
 */
public record Condition(AlertKey key, Long applicationId, Long queueId, String summary) {

  public Condition {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(summary, "summary");
    if (key.kind().system() != (applicationId == null)) {
      throw new IllegalArgumentException(
          "a "
              + key.kind().wireName()
              + " condition "
              + (key.kind().system() ? "has no" : "needs an")
              + " application");
    }
  }
}

package dev.anteroom.access.spring;

import dev.anteroom.access.UnreadableSigningKeyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says what to do when this node's {@code SECRET_KEY} cannot open the stored signing key. */
final class UnreadableSigningKeyFailureAnalyzer
    extends AbstractFailureAnalyzer<UnreadableSigningKeyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnreadableSigningKeyException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Start this node with the SECRET_KEY that sealed the key (the one the other nodes use, or"
            + " the one before the change). If that secret is lost for good, start once with"
            + " ANTEROOM_RETIRE_UNREADABLE_SIGNING_KEYS=true: the key is then retired and replaced,"
            + " and passes it signed still verify until they expire. Admin tokens and queue tokens"
            + " issued under the old secret stop working either way.",
        cause);
  }
}

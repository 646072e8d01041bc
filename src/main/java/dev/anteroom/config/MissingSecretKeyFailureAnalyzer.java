package dev.anteroom.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing secret into a start-up message that says what to do, not a stack trace. */
final class MissingSecretKeyFailureAnalyzer
    extends AbstractFailureAnalyzer<MissingSecretKeyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MissingSecretKeyException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Set SECRET_KEY to a random value of at least 32 characters (for example the output of"
            + " `openssl rand -base64 48`), or unset ANTEROOM_PROFILE to run in development mode.",
        cause);
  }
}

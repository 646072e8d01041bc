package dev.anteroom.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a missing first admin password into a start-up message that says what to do. */
final class MissingAdminPasswordFailureAnalyzer
    extends AbstractFailureAnalyzer<MissingAdminPasswordException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, MissingAdminPasswordException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Set ADMIN_PASSWORD (and ADMIN_EMAIL if the default admin@anteroom.local is not wanted) for"
            + " the first start; once the super admin exists it is no longer needed. Or unset"
            + " ANTEROOM_PROFILE to run in development mode, which prints a generated password once.",
        cause);
  }
}

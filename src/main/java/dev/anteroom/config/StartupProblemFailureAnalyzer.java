package dev.anteroom.config;

import dev.anteroom.common.StartupProblem;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a reason not to start (a missing secret, a second node, an unreadable signing key...) into
 * a start-up message that says what is wrong and what to do, not a stack trace.
 */
final class StartupProblemFailureAnalyzer extends AbstractFailureAnalyzer<StartupProblem> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, StartupProblem cause) {
    return new FailureAnalysis(cause.getMessage(), cause.action(), cause);
  }
}

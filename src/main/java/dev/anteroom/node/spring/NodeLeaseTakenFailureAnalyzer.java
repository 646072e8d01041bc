package dev.anteroom.node.spring;

import dev.anteroom.node.NodeLeaseTakenException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a second node on one database into a start-up message that says what to do. */
final class NodeLeaseTakenFailureAnalyzer extends AbstractFailureAnalyzer<NodeLeaseTakenException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, NodeLeaseTakenException cause) {
    return new FailureAnalysis(
        cause.getMessage(),
        "Stop the other node first (it gives the database up when it stops or dies), or point this"
            + " one at another database or schema (DB_URL, e.g. ?currentSchema=...). Running"
            + " several nodes on one database needs the shared store, which is not built yet.",
        cause);
  }
}

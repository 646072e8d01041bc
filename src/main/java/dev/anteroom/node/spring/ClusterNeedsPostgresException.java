package dev.anteroom.node.spring;

import dev.anteroom.common.StartupProblem;

/** Several nodes share their lines through PostgreSQL only. */
public final class ClusterNeedsPostgresException extends StartupProblem {

  public ClusterNeedsPostgresException() {
    super(
        "CLUSTER_MODE=true needs PostgreSQL: several nodes share their lines through it, and the"
            + " embedded database belongs to one process",
        "Set DB_URL to a jdbc:postgresql: URL shared by every node, or unset CLUSTER_MODE to run a"
            + " single node.");
  }
}

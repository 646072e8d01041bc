package dev.anteroom.node;

import dev.anteroom.common.StartupProblem;

/** Another node owns the line in this database, so this one must not start. */
public final class NodeLeaseTakenException extends StartupProblem {

  public NodeLeaseTakenException(String database) {
    super(
        "another Anteroom node already runs on "
            + database
            + ": only one node may own a database's waiting lines (two would number joins twice"
            + " and release visitors twice)",
        "Stop the other node first (it gives the database up when it stops or dies), or point this"
            + " one at another database or schema (DB_URL, e.g. ?currentSchema=...). Running"
            + " several nodes on one database needs the shared store, which is not built yet.");
  }
}

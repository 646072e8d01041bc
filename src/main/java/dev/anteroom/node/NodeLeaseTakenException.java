package dev.anteroom.node;

/** Another node owns the line in this database, so this one must not start. */
public final class NodeLeaseTakenException extends RuntimeException {

  public NodeLeaseTakenException(String database) {
    super(
        "another Anteroom node already runs on "
            + database
            + ": only one node may own a database's waiting lines (two would number joins twice"
            + " and release visitors twice)");
  }
}

package dev.anteroom.node;

/**
 * Which applications this node paces now: all of them on a node alone with its database; with
 * several nodes, those whose lease it holds (see {@link ApplicationOwners}).
 */
@FunctionalInterface
public interface Pacing {

  /** A node alone with its database paces everything. */
  Pacing EVERYTHING = applicationId -> true;

  /** Whether this node may take pacing decisions for the application now. Cheap: on every join. */
  boolean paces(long applicationId);
}

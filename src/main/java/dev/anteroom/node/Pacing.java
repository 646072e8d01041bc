package dev.anteroom.node;

/**
 * Which applications this node paces now: all of them on a node alone with its database; with
 * several nodes, those whose lease it holds (see {@link ApplicationOwners}).
 */
@FunctionalInterface
public interface Pacing {

  /**
   * Not an application: the lease of the cluster's own chores (rotating the signing key, evaluating
   * alerts), which one node at a time does. Application ids are never 0.
   */
  long CLUSTER_DUTIES = 0;

  /** A node alone with its database paces everything. */
  Pacing EVERYTHING = applicationId -> true;

  /** Whether this node may take pacing decisions for the application now. Cheap: on every join. */
  boolean paces(long applicationId);

  /** Whether this node does the cluster's own chores now (see {@link #CLUSTER_DUTIES}). */
  default boolean dutiesAreMine() {
    return paces(CLUSTER_DUTIES);
  }
}

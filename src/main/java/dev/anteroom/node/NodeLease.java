package dev.anteroom.node;

import dev.anteroom.common.StoreUnavailableException;

/**
 * Whether this node owns the line: until the scale-out work, exactly one Anteroom node may number
 * joins and release visitors per database, since each node counts joins from its own memory. A node
 * that does not hold the lease keeps answering polls from memory, but must not join or release.
 */
public interface NodeLease {

  /** True while this node owns the line. Cheap: a volatile read, fine on every join. */
  boolean isHeld();

  /** For joins: a node without the lease answers 503, so the client retries (on another node). */
  default void requireHeld() {
    if (!isHeld()) {
      throw new StoreUnavailableException(
          "this node has lost its hold on the database and takes no joins until it has it back;"
              + " try again shortly",
          null);
    }
  }

  /** For databases that cannot be shared by two processes anyway (the embedded H2 file). */
  static NodeLease always() {
    return () -> true;
  }
}

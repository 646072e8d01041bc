package dev.anteroom.access;

import java.time.Instant;

/**
 * A signing key still in service is sealed under another {@code SECRET_KEY} than this node's: most
 * likely the secret changed, or this node was given a different one than its peers. The node
 * refuses to start rather than retire a key that the right secret could still open.
 */
public final class UnreadableSigningKeyException extends RuntimeException {

  private final String kid;

  UnreadableSigningKeyException(String kid, Instant createdAt) {
    super(
        "The signing key "
            + kid
            + " (created "
            + createdAt
            + ") cannot be opened with this SECRET_KEY: SECRET_KEY has probably changed since the"
            + " key was sealed, or differs from the one the other nodes use.");
    this.kid = kid;
  }

  /** The id of the key that could not be opened. */
  public String kid() {
    return kid;
  }
}

package dev.anteroom.access;

import dev.anteroom.common.StartupProblem;
import java.time.Instant;

/**
 * A signing key still in service is sealed under another {@code SECRET_KEY} than this node's: most
 * likely the secret changed, or this node was given a different one than its peers. The node
 * refuses to start rather than retire a key that the right secret could still open.
 */
public final class UnreadableSigningKeyException extends StartupProblem {

  private final String kid;

  UnreadableSigningKeyException(String kid, Instant createdAt) {
    super(
        "The signing key "
            + kid
            + " (created "
            + createdAt
            + ") cannot be opened with this SECRET_KEY: SECRET_KEY has probably changed since the"
            + " key was sealed, or differs from the one the other nodes use.",
        "Start this node with the SECRET_KEY that sealed the key (the one the other nodes use, or"
            + " the one before the change). If that secret is lost for good, start once with"
            + " ANTEROOM_RETIRE_UNREADABLE_SIGNING_KEYS=true: the key is then retired and replaced,"
            + " and passes it signed still verify until they expire. Admin tokens and queue tokens"
            + " issued under the old secret stop working either way.");
    this.kid = kid;
  }

  /** The id of the key that could not be opened. */
  public String kid() {
    return kid;
  }
}

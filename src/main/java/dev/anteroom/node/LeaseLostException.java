package dev.anteroom.node;

/** A node acted under an application lease it no longer holds; its change must not commit. */
public final class LeaseLostException extends RuntimeException {

  public LeaseLostException(long applicationId, long epoch) {
    super(
        "this node no longer holds the lease of application "
            + applicationId
            + " at epoch "
            + epoch
            + "; another node paces it now");
  }
}

package dev.anteroom.common;

/** No credentials, or credentials that are wrong, expired or revoked. */
public final class UnauthenticatedException extends AnteroomException {

  public UnauthenticatedException(String message) {
    super("unauthenticated", message);
  }
}

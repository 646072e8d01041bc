package dev.anteroom.config;

/** Production mode was asked for without a usable {@code SECRET_KEY}. */
public final class MissingSecretKeyException extends RuntimeException {

  public MissingSecretKeyException(String message) {
    super(message);
  }
}

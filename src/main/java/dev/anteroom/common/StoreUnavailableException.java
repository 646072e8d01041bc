package dev.anteroom.common;

import java.time.Duration;

/** The system of record did not take a write; nothing was acknowledged, so the client retries. */
public final class StoreUnavailableException extends UnavailableException {

  public StoreUnavailableException(String message, Throwable cause) {
    super("store_unavailable", message, Duration.ofSeconds(2));
    initCause(cause);
  }
}

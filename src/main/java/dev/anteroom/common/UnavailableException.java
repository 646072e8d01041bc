package dev.anteroom.common;

import java.time.Duration;
import java.util.Optional;

/**
 * The request cannot be served now but may be later (a closed or rejecting queue); carries the wait
 * to advise, if one is known.
 */
public class UnavailableException extends AnteroomException {

  private final Duration retryAfter;

  public UnavailableException(String code, String message, Duration retryAfter) {
    super(code, message);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}

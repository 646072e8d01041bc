package dev.anteroom.common;

import java.time.Duration;

/**
 * The request cannot be served now but may be later (a closed or rejecting queue); carries the wait
 * to advise, if one is known.
 */
public class UnavailableException extends AnteroomException {

  public UnavailableException(String code, String message, Duration retryAfter) {
    super(code, message, retryAfter);
  }
}

package dev.anteroom.common;

import java.time.Duration;

/**
 * The caller has used up its attempts for now (sign-in guesses, unknown API keys); carries how long
 * until the next attempt is allowed, which the web layer sends as {@code Retry-After}.
 */
public final class TooManyRequestsException extends AnteroomException {

  public TooManyRequestsException(String code, String message, Duration retryAfter) {
    super(code, message, retryAfter);
  }
}

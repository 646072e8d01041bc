package dev.anteroom.common;

import java.time.Duration;

/** The request is well formed but clashes with the current state, such as a duplicate name. */
public class ConflictException extends AnteroomException {

  public ConflictException(String code, String message) {
    super(code, message);
  }

  public ConflictException(String code, String message, Duration retryAfter) {
    super(code, message, retryAfter);
  }
}

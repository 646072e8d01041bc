package dev.anteroom.common;

/** The request is well formed but clashes with the current state, such as a duplicate name. */
public class ConflictException extends AnteroomException {

  public ConflictException(String code, String message) {
    super(code, message);
  }
}

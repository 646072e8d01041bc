package dev.anteroom.common;

/** A value sent by the caller is missing, malformed or out of range; {@link #field()} names it. */
public final class InvalidInputException extends AnteroomException {

  private final String field;

  public InvalidInputException(String field, String message) {
    this("invalid_input", field, message);
  }

  /** With a code more precise than {@code invalid_input}, for a refusal clients act on. */
  public InvalidInputException(String code, String field, String message) {
    super(code, message);
    this.field = field;
  }

  /** The snake_case name of the offending field or parameter, or null when it is the whole body. */
  public String field() {
    return field;
  }
}

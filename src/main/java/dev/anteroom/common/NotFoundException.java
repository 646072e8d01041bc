package dev.anteroom.common;

/** The thing asked for does not exist, or the caller may not know that it exists. */
public final class NotFoundException extends AnteroomException {

  public NotFoundException(String what, Object id) {
    super("not_found", what + " " + id + " was not found");
  }

  public NotFoundException(String message) {
    super("not_found", message);
  }
}

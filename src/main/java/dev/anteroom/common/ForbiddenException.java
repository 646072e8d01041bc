package dev.anteroom.common;

/**
 * The caller is known but its role does not allow the action. Never used to hide another tenant's
 * data: that is a {@link NotFoundException}, so existence does not leak.
 */
public final class ForbiddenException extends AnteroomException {

  public ForbiddenException(String message) {
    super("forbidden", message);
  }

  /** A refusal with a more specific code than {@code forbidden}, such as origin_not_allowed. */
  public ForbiddenException(String code, String message) {
    super(code, message);
  }
}

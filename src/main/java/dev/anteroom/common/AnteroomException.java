package dev.anteroom.common;

/**
 * Root of every failure Anteroom reports to a caller on purpose. Each subclass names one kind of
 * outcome; the web layer maps the kind to a status code and a problem document, so the core never
 * speaks HTTP.
 */
public abstract class AnteroomException extends RuntimeException {

  private final String code;

  protected AnteroomException(String code, String message) {
    super(message);
    this.code = code;
  }

  /** A short, stable, machine-readable name for the problem, such as {@code queue_full}. */
  public String code() {
    return code;
  }
}

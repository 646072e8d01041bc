package dev.anteroom.common;

import java.time.Duration;
import java.util.Optional;

/**
 * Root of every failure Anteroom reports to a caller on purpose. Each subclass names one kind of
 * outcome; the web layer maps the kind to a status code and a problem document, so the core never
 * speaks HTTP.
 */
public abstract class AnteroomException extends RuntimeException {

  private final String code;
  private final Duration retryAfter;

  protected AnteroomException(String code, String message) {
    this(code, message, null);
  }

  protected AnteroomException(String code, String message, Duration retryAfter) {
    super(message);
    this.code = code;
    this.retryAfter = retryAfter;
  }

  /** How long the client should wait before trying again, when that is known. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** A short, stable, machine-readable name for the problem, such as {@code queue_full}. */
  public String code() {
    return code;
  }
}

package dev.anteroom.callback;

import java.time.Duration;

/**
 * What one POST to a receiver came to: an HTTP status (with the receiver's {@code Retry-After} and
 * the start of its body), or no answer at all and why ({@code errorKind}: {@code timeout}, {@code
 * connection_refused}, {@code refused_address}, ...).
 *
 * @param status the HTTP status, or 0 when there was no answer
 * @param snippet at most {@value #SNIPPET_BYTES} bytes of the response body, control characters
 *     replaced, never a broken character
 */
public record DeliveryResult(
    int status, String errorKind, Duration retryAfter, String snippet, Duration elapsed) {

  public static final int SNIPPET_BYTES = 1024;

  /** How a result counts for the event. */
  public enum Verdict {
    SUCCESS,
    RETRY,
    FAIL
  }

  public static DeliveryResult answered(
      int status, Duration retryAfter, String snippet, Duration elapsed) {
    return new DeliveryResult(status, null, retryAfter, snippet(snippet), elapsed);
  }

  public static DeliveryResult failed(String errorKind, String detail, Duration elapsed) {
    return new DeliveryResult(0, errorKind, null, snippet(detail), elapsed);
  }

  /**
   * 2xx succeeds; no answer (connection error, timeout), 5xx, 408 and 429 are retried; a redirect
   * (never followed) and any other 4xx fail at once, since sending the same again will not help.
   * Errors found before sending ({@link #isFinalError}) fail at once too.
   */
  public Verdict verdict() {
    if (status == 0) {
      return isFinalError() ? Verdict.FAIL : Verdict.RETRY;
    }
    if (status >= 200 && status < 300) {
      return Verdict.SUCCESS;
    }
    if (status >= 500 || status == 408 || status == 429) {
      return Verdict.RETRY;
    }
    return Verdict.FAIL;
  }

  /** Kinds of error that no retry can cure: the target itself is not allowed or not there. */
  public boolean isFinalError() {
    return errorKind != null
        && switch (errorKind) {
          case ErrorKinds.REFUSED_ADDRESS,
              ErrorKinds.NO_TARGET,
              ErrorKinds.NO_WEBHOOK_SECRET,
              ErrorKinds.QUEUE_GONE,
              ErrorKinds.INVALID_URL ->
              true;
          default -> false;
        };
  }

  /** The status as the metrics' {@code outcome} label and the attempt log show it. */
  public String outcome() {
    return status == 0 ? errorKind : Integer.toString(status);
  }

  /**
   * Text safe to store and show: control characters become spaces, and it is cut to at most {@value
   * #SNIPPET_BYTES} UTF-8 bytes at a character boundary.
   */
  static String snippet(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), SNIPPET_BYTES));
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isISOControl(cp)) {
        cp = ' ';
      } else if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
        cp = 0xFFFD; // half of a pair: not writable as UTF-8
      }
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + size > SNIPPET_BYTES) {
        break;
      }
      bytes += size;
      out.appendCodePoint(cp);
    }
    return out.toString();
  }
}

package dev.anteroom.waiting;

/**
 * How long a client should wait before asking again: a tenth of the expected wait, between 1 and 30
 * seconds, so the front of the line hears of its release within a second while the back polls
 * rarely; and never more than a quarter of the queue's idle timeout, so a client that obeys the
 * hint polls at least three times before it could be taken for gone, with time to spare for a slow
 * network. Before a scheduled opening it is never past the opening either: the ETA then counts the
 * whole wait from the opening on, and a client that obeyed a tenth of it would learn of the opening
 * up to half a minute late. A final state has nothing left to wait for: its hint is the longest, so
 * that a client that polls anyway (one that only ever reads the hint) costs little, and never 0,
 * which a naive client would take as "at once, again and again".
 */
public final class PollHint {

  /** The longest hint, and the hint of a final state. */
  public static final int MAX_SECONDS = 30;

  static final int UNKNOWN_WAIT = 10;

  private PollHint() {}

  public static int forWait(Long etaSeconds, int idleTimeoutSeconds) {
    int byWait = etaSeconds == null ? UNKNOWN_WAIT : (int) Math.min(MAX_SECONDS, etaSeconds / 10);
    return Math.max(1, Math.min(byWait, idleTimeoutSeconds / 4));
  }

  /** The hint of a visitor waiting for a scheduled opening {@code secondsToOpening} away. */
  public static int beforeOpening(Long etaSeconds, int idleTimeoutSeconds, long secondsToOpening) {
    return (int) Math.max(1, Math.min(forWait(etaSeconds, idleTimeoutSeconds), secondsToOpening));
  }

  /** The hint of a released, cancelled or expired visitor: stop polling. */
  public static int forFinalState() {
    return MAX_SECONDS;
  }
}

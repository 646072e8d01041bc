package dev.anteroom.waiting;

/**
 * How long a client should wait before asking again: a tenth of the expected wait, between 1 and 30
 * seconds, so the front of the line hears of its release within a second while the back polls
 * rarely; and never more than a quarter of the queue's idle timeout, so a client that obeys the
 * hint polls at least three times before it could be taken for gone, with time to spare for a slow
 * network.
 */
public final class PollHint {

  static final int UNKNOWN_WAIT = 10;

  private PollHint() {}

  public static int forWait(Long etaSeconds, int idleTimeoutSeconds) {
    int byWait = etaSeconds == null ? UNKNOWN_WAIT : (int) Math.min(30, etaSeconds / 10);
    return Math.max(1, Math.min(byWait, idleTimeoutSeconds / 4));
  }
}

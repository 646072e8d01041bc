package dev.anteroom.waiting;

/**
 * How long a client should wait before asking again: a tenth of the expected wait, between 1 and 30
 * seconds, so the front of the line hears of its release within a second while the back polls
 * rarely.
 */
public final class PollHint {

  static final int UNKNOWN_WAIT = 10;

  private PollHint() {}

  public static int forWait(Long etaSeconds) {
    if (etaSeconds == null) {
      return UNKNOWN_WAIT;
    }
    return (int) Math.max(1, Math.min(30, etaSeconds / 10));
  }
}

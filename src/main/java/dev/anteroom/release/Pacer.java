package dev.anteroom.release;

import java.time.Duration;
import java.time.Instant;

/**
 * Release credit for one queue, accrued continuously at the release rate and spent one visitor at a
 * time. Credit is counted in exact integers (a visitor is 60,000,000 units: a minute in
 * milliseconds times the rate's thousandths), so ten minutes at one a minute release exactly ten.
 * Unused credit is capped at one second's worth (and at least one visitor), so an idle queue does
 * not save up a burst.
 */
public final class Pacer {

  static final long UNITS_PER_VISITOR = 60_000L * 1_000L;

  private long credit;
  private Instant last;

  /** Adds the credit earned since the last call at {@code ratePerMinute}. */
  public void accrue(Instant now, double ratePerMinute) {
    if (last != null && now.isAfter(last)) {
      long rateMilli = Math.round(ratePerMinute * 1_000);
      long elapsedMillis = Math.min(Duration.between(last, now).toMillis(), 86_400_000L);
      long cap = UNITS_PER_VISITOR + rateMilli * 1_000;
      credit = Math.min(cap, credit + rateMilli * elapsedMillis);
    }
    if (last == null || now.isAfter(last)) {
      last = now;
    }
  }

  /** Time passes without credit: the queue is paused or not open yet. */
  public void hold(Instant now) {
    last = now;
  }

  /** Whole visitors the credit pays for. */
  public int available() {
    return (int) Math.min(Integer.MAX_VALUE, credit / UNITS_PER_VISITOR);
  }

  public void spend(int visitors) {
    credit -= visitors * UNITS_PER_VISITOR;
  }

  public void refund(int visitors) {
    credit += visitors * UNITS_PER_VISITOR;
  }
}

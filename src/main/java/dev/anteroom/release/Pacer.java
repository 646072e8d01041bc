package dev.anteroom.release;

import java.time.Duration;
import java.time.Instant;

/**
 * Release credit for one queue (or one application's shared cap), accrued continuously at the
 * release rate and spent one visitor at a time. Credit is counted in exact integers (a visitor is
 * 60,000,000 units: a minute in milliseconds times the rate's thousandths), so ten minutes at one a
 * minute release exactly ten.
 *
 * <p>Two bounds keep the pace honest. Credit left unspent from earlier steps is capped at one
 * second's worth (and at least one visitor), so an idle or capped queue does not save up a burst.
 * The credit a single gap between steps earns is kept whole up to {@link #MAX_CATCH_UP}, so a step
 * that runs late (a pause of the collector, a slow disk) releases what the plan owed over the gap
 * instead of losing it for good.
 */
public final class Pacer {

  static final long UNITS_PER_VISITOR = 60_000L * 1_000L;

  /** The longest gap between two steps whose credit a late step still pays out. */
  public static final Duration MAX_CATCH_UP = Duration.ofSeconds(10);

  private long credit;
  private long owed;
  private Instant last;

  /**
   * Adds the credit earned since the last call at {@code ratePerMinute}, and out of credit owed
   * after a takeover ({@link #resumeAfter}) four fifths as much again: what is owed is paid at 1.8
   * times the rate, short of twice it, so that a step that runs a little late and the whole
   * visitors carried between steps do not take a second past twice the rate.
   */
  public void accrue(Instant now, double ratePerMinute) {
    long repaid = Math.min(owed, earned(last, now, ratePerMinute) / 5 * 4);
    credit = creditAt(credit, last, now, ratePerMinute) + repaid;
    owed -= repaid;
    if (last == null || now.isAfter(last)) {
      last = now;
    }
  }

  /**
   * Credit another node earned and could not spend (it stopped pacing this queue {@code gap} before
   * this one took over), paid out alongside the normal pace. Starts the pace afresh at {@code now}:
   * whatever this pacer held from an earlier time is not this node's to spend.
   */
  public void resumeAfter(Duration gap, Instant now, double ratePerMinute) {
    credit = 0;
    last = now;
    long millis = Math.min(Math.max(0, gap.toMillis()), MAX_CATCH_UP.toMillis());
    owed = Math.round(ratePerMinute * 1_000) * millis;
  }

  /** Credit still owed from a takeover, in visitors (rounded down). */
  public int owedVisitors() {
    return (int) Math.min(Integer.MAX_VALUE, owed / UNITS_PER_VISITOR);
  }

  /** What {@link #accrue} would make of {@code credit}, last accrued at {@code last}. */
  private static long creditAt(long credit, Instant last, Instant now, double ratePerMinute) {
    if (last == null || !now.isAfter(last)) {
      return credit;
    }
    long rateMilli = Math.round(ratePerMinute * 1_000);
    long carried = Math.min(credit, UNITS_PER_VISITOR + rateMilli * 1_000);
    return carried + earned(last, now, ratePerMinute);
  }

  /** The credit the time from {@code last} to {@code now} earns, up to {@link #MAX_CATCH_UP}. */
  private static long earned(Instant last, Instant now, double ratePerMinute) {
    if (last == null || !now.isAfter(last)) {
      return 0;
    }
    long elapsedMillis = Math.min(Duration.between(last, now).toMillis(), MAX_CATCH_UP.toMillis());
    return Math.round(ratePerMinute * 1_000) * elapsedMillis;
  }

  /** The credit as it stands, to be read without the lock that guards this pacer. */
  public Snapshot snapshot() {
    return new Snapshot(credit, last);
  }

  /**
   * A pacer's credit at one instant, which answers questions about later instants without changing
   * the pacer: what a join would find, and how long until a place in line is paid for.
   */
  public record Snapshot(long credit, Instant last) {

    /** Whole visitors the credit would pay for at {@code now}, as {@link #accrue} would make it. */
    public int availableAt(Instant now, double ratePerMinute) {
      return (int)
          Math.min(
              Integer.MAX_VALUE, creditAt(credit, last, now, ratePerMinute) / UNITS_PER_VISITOR);
    }

    /**
     * Seconds from {@code now} until the credit pays for {@code visitors} at {@code ratePerMinute}:
     * 0 if it already does, infinite at a rate of 0.
     */
    public double secondsUntil(double visitors, Instant now, double ratePerMinute) {
      long rateMilli = Math.round(ratePerMinute * 1_000);
      double missing = visitors * UNITS_PER_VISITOR - creditAt(credit, last, now, ratePerMinute);
      if (missing <= 0) {
        return 0;
      }
      return rateMilli <= 0 ? Double.POSITIVE_INFINITY : missing / rateMilli / 1_000;
    }
  }

  /** Time passes without credit, and nothing is owed: the queue is paused or not open yet. */
  public void hold(Instant now) {
    last = now;
    owed = 0;
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

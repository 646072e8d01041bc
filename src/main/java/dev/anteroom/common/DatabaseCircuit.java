package dev.anteroom.common;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the system of record answers, judged from every attempt to take a connection. Closed (the
 * normal state): everyone goes through. The first failure opens it: from then on callers are
 * refused at once, without waiting on the pool, except one probe per {@code probeInterval}; the
 * probe's success closes it again. So during an outage requests fail in microseconds and are told
 * to retry, and recovery is noticed within one probe interval of the database coming back.
 *
 * <p>One WARN when an outage starts (with its cause and stack), one INFO when it ends (with its
 * length), never a line per refused request. A connection lost in the middle of a statement while
 * the circuit is closed is logged at most once a minute: the pool replaces such connections, and
 * the next failure to connect opens the circuit anyway.
 */
public final class DatabaseCircuit {

  private static final Logger log = LoggerFactory.getLogger(DatabaseCircuit.class);
  private static final Duration LOST_CONNECTION_LOG_INTERVAL = Duration.ofMinutes(1);

  /** Where the circuit stands. */
  public enum State {
    /** The database answers; everyone goes through. */
    CLOSED,
    /** The database did not answer; callers are refused, but for a probe now and then. */
    OPEN
  }

  private final Clock clock;
  private final Duration probeInterval;
  private volatile State state = State.CLOSED;
  private Instant openedAt;
  private Instant nextProbeAt;
  private long outages;
  private Instant lostConnectionLoggedAt;
  private long lostConnectionsNotLogged;

  public DatabaseCircuit(Clock clock, Duration probeInterval) {
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("the probe interval must be positive: " + probeInterval);
    }
    this.clock = clock;
    this.probeInterval = probeInterval;
  }

  /**
   * Whether the caller may try the database now: always while closed; while open, only the first
   * caller after each probe interval, who becomes the probe and must report its outcome.
   */
  public boolean allows() {
    if (state == State.CLOSED) {
      return true;
    }
    synchronized (this) {
      if (state == State.CLOSED) {
        return true;
      }
      Instant now = clock.instant();
      if (now.isBefore(nextProbeAt)) {
        return false;
      }
      nextProbeAt = now.plus(probeInterval);
      return true;
    }
  }

  /** A connection was obtained: an outage, if one was under way, is over. */
  public void succeeded() {
    if (state == State.CLOSED) {
      return;
    }
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      Duration lasted = Duration.between(openedAt, clock.instant());
      log.info("the database answers again; the outage lasted {} ms", lasted.toMillis());
    }
  }

  /** Taking a connection failed: the database is treated as down until a probe succeeds. */
  public synchronized void failed(Throwable cause) {
    Instant now = clock.instant();
    nextProbeAt = now.plus(probeInterval);
    if (state == State.OPEN) {
      log.debug("the database still does not answer: {}", describe(cause));
      return;
    }
    state = State.OPEN;
    openedAt = now;
    outages++;
    log.warn(
        "the database does not answer ({}); requests that need it answer 503 until it does,"
            + " retried every {} ms",
        describe(cause),
        probeInterval.toMillis(),
        cause);
  }

  /**
   * A statement lost its connection (the database restarted, a backend was terminated, a network
   * cut). Logged with its cause chain, at most once a minute, and only outside an outage.
   */
  public synchronized void connectionLost(Throwable cause) {
    if (state == State.OPEN) {
      return;
    }
    Instant now = clock.instant();
    if (lostConnectionLoggedAt != null
        && now.isBefore(lostConnectionLoggedAt.plus(LOST_CONNECTION_LOG_INTERVAL))) {
      lostConnectionsNotLogged++;
      return;
    }
    log.warn(
        "a database connection failed during a statement ({}); {} more since the last report",
        describe(cause),
        lostConnectionsNotLogged,
        cause);
    lostConnectionLoggedAt = now;
    lostConnectionsNotLogged = 0;
  }

  /** The refusal to give a caller while the circuit is open. */
  public StoreUnavailableException refusal() {
    return new StoreUnavailableException(
        "the database is unavailable; try again in a few seconds", null);
  }

  public State state() {
    return state;
  }

  /** How many outages began since the process started. */
  public synchronized long outages() {
    return outages;
  }

  /** The failure and its causes on one line, for the log. */
  static String describe(Throwable cause) {
    StringBuilder text = new StringBuilder();
    int depth = 0;
    for (Throwable t = cause; t != null && depth < 8; t = t.getCause(), depth++) {
      if (depth > 0) {
        text.append(" <- ");
      }
      text.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage());
    }
    return text.toString();
  }
}

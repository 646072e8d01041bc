package dev.anteroom.common.jdbc;

import dev.anteroom.common.StoreUnavailableException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a database that is down, closed, unreachable or too slow from a request that the database
 * refused: the first is a 503 with {@code Retry-After} (nothing was stored, the client retries),
 * the second is the caller's problem or a bug. The whole cause chain is searched, because drivers
 * wrap: H2 reports a closed database inside a constraint failure, Spring wraps the pool's timeout.
 */
public final class DatabaseFailures {

  /** H2: database closed (90098, 90121), connection broken (90067), file in use (90020). */
  private static final Set<Integer> H2_UNAVAILABLE = Set.of(90098, 90121, 90067, 90020);

  private DatabaseFailures() {}

  /** Whether the failure means the database could not be reached or used at all. */
  public static boolean isUnavailable(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 16; t = t.getCause(), depth++) {
      if (unavailable(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Runs database work and tells the core, in its own terms, that the database could not be
   * reached: the core then waits for it quietly (the circuit in front of the pool logs the outage
   * once) instead of reporting every failed step as a fault.
   */
  public static <T> T guarded(java.util.function.Supplier<T> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      throw isUnavailable(e) ? unavailable(e) : e;
    }
  }

  /** The 503 to answer for a failure that {@link #isUnavailable} recognises. */
  public static StoreUnavailableException unavailable(RuntimeException failure) {
    return new StoreUnavailableException(
        "the database is unavailable; nothing was stored; try again in a few seconds", failure);
  }

  private static boolean unavailable(Throwable t) {
    if (t instanceof StoreUnavailableException
        || t instanceof DataAccessResourceFailureException
        || t instanceof TransientDataAccessResourceException
        || t instanceof RecoverableDataAccessException
        || t instanceof QueryTimeoutException
        || t instanceof CannotCreateTransactionException
        || t instanceof SQLTransientConnectionException
        || t instanceof SQLNonTransientConnectionException
        || t instanceof SQLRecoverableException
        || t instanceof SQLTimeoutException
        || t instanceof ConnectException
        || t instanceof SocketTimeoutException
        || t instanceof SocketException
        || t instanceof EOFException) {
      return true;
    }
    if (t instanceof SQLException sql) {
      return unavailableState(sql.getSQLState())
          || (isH2(sql) && H2_UNAVAILABLE.contains(sql.getErrorCode()));
    }
    return false;
  }

  /**
   * SQLSTATE classes that mean "not reachable": 08 connection exceptions; PostgreSQL's 57P01-57P03
   * (shut down, crashed, cannot connect now), 53300 (too many connections) and 57014 (cancelled by
   * a timeout); HYT00/HYT01, the ODBC timeouts SQL Server uses.
   */
  private static boolean unavailableState(String state) {
    if (state == null) {
      return false;
    }
    return state.startsWith("08")
        || state.startsWith("57P0")
        || state.equals("53300")
        || state.equals("57014")
        || state.equals("HYT00")
        || state.equals("HYT01");
  }

  private static boolean isH2(SQLException e) {
    return e.getClass().getName().startsWith("org.h2.");
  }
}

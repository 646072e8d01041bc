package dev.anteroom.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.anteroom.common.DatabaseCircuit;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The pool behind the {@link DatabaseCircuit}: while the circuit is open a caller is refused at
 * once instead of waiting out the pool's timeout, and every attempt to take a connection tells the
 * circuit how it went. On close it also shuts the embedded H2 database down, which otherwise stays
 * open for the life of the process ({@code DB_CLOSE_DELAY=-1}).
 */
final class GuardedDataSource extends DelegatingDataSource implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GuardedDataSource.class);

  private final HikariDataSource pool;
  private final DatabaseCircuit circuit;
  private final boolean embedded;
  // H2's "database is closed" and "database is already closed": nothing left to shut down.
  private static final int H2_DATABASE_CLOSED = 90098;
  private static final int H2_DATABASE_GONE = 90121;

  GuardedDataSource(HikariDataSource pool, DatabaseCircuit circuit, boolean embedded) {
    super(pool);
    this.pool = pool;
    this.circuit = circuit;
    this.embedded = embedded;
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (!circuit.allows()) {
      throw refused();
    }
    try {
      Connection connection = pool.getConnection();
      circuit.succeeded();
      return connection;
    } catch (SQLException | RuntimeException e) {
      if (!poolMerelyBusy(e)) {
        circuit.failed(e);
      }
      throw e;
    }
  }

  /**
   * Hikari times out with no cause when every connection is in use but the database answers, and
   * with the last connection failure as the cause when it cannot open connections. Only the second
   * is an outage: a busy pool must not open the circuit and turn load into a self-made outage.
   */
  private static boolean poolMerelyBusy(Exception e) {
    return e instanceof SQLTransientConnectionException && e.getCause() == null;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return getConnection();
  }

  private SQLTransientConnectionException refused() {
    return new SQLTransientConnectionException(
        "the database is unavailable (refused without waiting until a retry finds it back)",
        "08001",
        circuit.refusal());
  }

  HikariDataSource pool() {
    return pool;
  }

  @Override
  public void close() {
    if (embedded && !pool.isClosed()) {
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        if (e.getErrorCode() == H2_DATABASE_CLOSED || e.getErrorCode() == H2_DATABASE_GONE) {
          log.debug("the embedded database was already closed");
        } else {
          log.warn("could not shut the embedded database down cleanly: {}", e.toString());
        }
      }
    }
    pool.close();
  }
}

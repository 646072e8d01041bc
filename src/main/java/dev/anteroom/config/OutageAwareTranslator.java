package dev.anteroom.config;

import dev.anteroom.common.DatabaseCircuit;
import dev.anteroom.common.jdbc.DatabaseFailures;
import java.sql.SQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Spring's translation of SQL failures, with one correction: a failure whose cause chain shows a
 * lost or closed connection is a resource failure (an outage, answered 503), whatever the driver
 * wrapped it in, and it is reported to the {@link DatabaseCircuit} so its cause chain is logged.
 */
final class OutageAwareTranslator implements SQLExceptionTranslator {

  private final SQLExceptionTranslator standard;
  private final DatabaseCircuit circuit;

  OutageAwareTranslator(SQLExceptionTranslator standard, DatabaseCircuit circuit) {
    this.standard = standard;
    this.circuit = circuit;
  }

  @Override
  public DataAccessException translate(String task, String sql, SQLException e) {
    if (DatabaseFailures.isUnavailable(e)) {
      circuit.connectionLost(e);
      return new DataAccessResourceFailureException(task + ": " + e.getMessage(), e);
    }
    return standard.translate(task, sql, e);
  }
}

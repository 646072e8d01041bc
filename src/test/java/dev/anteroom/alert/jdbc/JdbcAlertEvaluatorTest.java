package dev.anteroom.alert.jdbc;

import dev.anteroom.alert.AlertEvaluatorContract;
import dev.anteroom.alert.AlertStore;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The evaluator's stored lifecycle on H2 and PostgreSQL. */
class JdbcAlertEvaluatorTest {

  @Nested
  class OnH2 extends AlertEvaluatorContract {
    private final DataSource database = TestDatabases.h2();

    @Override
    protected AlertStore store() {
      return new JdbcAlertStore(JdbcClient.create(database));
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends AlertEvaluatorContract {
    private final DataSource database = TestDatabases.postgres();

    @Override
    protected AlertStore store() {
      return new JdbcAlertStore(JdbcClient.create(database));
    }
  }
}

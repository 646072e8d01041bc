package dev.anteroom.alert.jdbc;

import dev.anteroom.alert.AlertStore;
import dev.anteroom.alert.AlertStoreContract;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import org.junit.jupiter.api.Nested;
import org.springframework.jdbc.core.simple.JdbcClient;

class JdbcAlertStoreTest {

  @Nested
  class OnH2 extends AlertStoreContract {
    private final AlertStore store = new JdbcAlertStore(JdbcClient.create(TestDatabases.h2()));

    @Override
    protected AlertStore store() {
      return store;
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends AlertStoreContract {
    private final AlertStore store =
        new JdbcAlertStore(JdbcClient.create(TestDatabases.postgres()));

    @Override
    protected AlertStore store() {
      return store;
    }
  }
}

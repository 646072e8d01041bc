package dev.anteroom.waiting.store;

import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import dev.anteroom.waiting.store.jdbc.JdbcVisitorJournal;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The store contract on each journal: in memory, H2 and the real PostgreSQL. */
class EmbeddedLineStoreTest {

  @Nested
  class InMemory extends WaitingLineStoreContract {
    private final InMemoryVisitorJournal journal = new InMemoryVisitorJournal();
    private final AtomicLong queues = new AtomicLong();

    @Override
    protected VisitorJournal journal() {
      return journal;
    }

    @Override
    protected long newQueue() {
      return queues.incrementAndGet();
    }
  }

  @Nested
  class OnH2 extends JdbcContract {
    @Override
    DataSource dataSource() {
      return TestDatabases.h2();
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends JdbcContract {
    @Override
    DataSource dataSource() {
      return TestDatabases.postgres();
    }
  }

  abstract static class JdbcContract extends WaitingLineStoreContract {
    private DataSource dataSource;
    private VisitorJournal journal;

    abstract DataSource dataSource();

    @Override
    protected VisitorJournal journal() {
      return journal;
    }

    @Override
    protected long newQueue() {
      dataSource = dataSource();
      journal =
          new JdbcVisitorJournal(
              new JdbcTemplate(dataSource),
              JdbcClient.create(dataSource),
              new TransactionTemplate(new DataSourceTransactionManager(dataSource)));
      return TestDatabases.newQueue(dataSource);
    }
  }
}

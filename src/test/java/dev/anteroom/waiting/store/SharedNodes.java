package dev.anteroom.waiting.store;

import dev.anteroom.waiting.store.jdbc.JdbcLineLog;
import dev.anteroom.waiting.store.jdbc.JdbcVisitorJournal;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** One node's store over a database that several share, as the server wires it in cluster mode. */
final class SharedNodes {

  private SharedNodes() {}

  /** A node's store with {@code queue} open; {@code jdbc} may count or fail what it runs. */
  static EmbeddedLineStore node(
      JdbcTemplate jdbc, VisitorKeyHasher keys, Clock clock, PaceFence fence, long queue) {
    JdbcClient client = JdbcClient.create(jdbc.getDataSource());
    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    JdbcLineLog log = new JdbcLineLog(jdbc, client, transactions);
    EmbeddedLineStore store =
        new EmbeddedLineStore(
            new JdbcVisitorJournal(jdbc, client, transactions, log, fence),
            keys,
            clock,
            JoinWriter.DEFAULT_CAPACITY,
            JoinWriter.DEFAULT_DEADLINE,
            EventSubscriptions.NONE,
            log);
    store.open(queue, null);
    return store;
  }
}

package dev.anteroom.support;

import com.zaxxer.hikari.HikariDataSource;
import dev.anteroom.common.Ids;
import dev.anteroom.queue.QueueSettings;
import dev.anteroom.queue.jdbc.JdbcQueueStore;
import dev.anteroom.tenant.ApiKeys;
import dev.anteroom.tenant.ApplicationFields;
import dev.anteroom.tenant.jdbc.JdbcApplicationStore;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Migrated databases for store tests that run without a Spring context. */
public final class TestDatabases {

  private TestDatabases() {}

  public static DataSource h2() {
    return migrated(pool("jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa"));
  }

  /**
   * Tests run one at a time and take a fresh database each, so only the newest pools can be in use:
   * older ones are closed here rather than at exit, which keeps a suite of hundreds of store tests
   * under PostgreSQL's connection limit.
   */
  private static final Deque<HikariDataSource> RECENT_POSTGRES_POOLS = new ArrayDeque<>();

  private static final int POOLS_KEPT_OPEN = 2;

  public static synchronized DataSource postgres() {
    HikariDataSource pool = pool(TestPostgres.freshSchemaUrl(), TestPostgres.USER);
    RECENT_POSTGRES_POOLS.addLast(pool);
    while (RECENT_POSTGRES_POOLS.size() > POOLS_KEPT_OPEN) {
      RECENT_POSTGRES_POOLS.removeFirst().close();
    }
    return migrated(pool);
  }

  /** A small pool, as production has; closed when the JVM exits. */
  private static HikariDataSource pool(String url, String user) {
    HikariDataSource pool = new HikariDataSource();
    pool.setJdbcUrl(url);
    pool.setUsername(user);
    pool.setMaximumPoolSize(4);
    pool.setMinimumIdle(0);
    Runtime.getRuntime().addShutdownHook(new Thread(pool::close));
    return pool;
  }

  private static DataSource migrated(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .placeholders(Map.of("text", "VARCHAR", "bytes", "BYTEA"))
        .load()
        .migrate();
    return dataSource;
  }

  /** Creates an application and a queue row, as visitors' foreign key requires. */
  public static long newQueue(DataSource dataSource) {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    long application = Ids.next();
    new JdbcApplicationStore(jdbc)
        .create(
            application,
            new ApplicationFields("app-" + application, null, null, null, null),
            ApiKeys.generate().hashes(),
            Instant.EPOCH);
    long queue = Ids.next();
    new JdbcQueueStore(jdbc)
        .create(
            queue,
            application,
            QueueSettings.of(
                "q", null, null, null, null, null, null, null, null, null, null, null, null),
            Instant.EPOCH);
    return queue;
  }
}

package dev.anteroom.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.anteroom.common.DatabaseCircuit;
import dev.anteroom.node.spring.ClusterNeedsPostgresException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The system of record: the database named by {@code DB_URL}, or an embedded H2 file database under
 * the data directory when it is empty, so a newcomer needs nothing but a JDK. Connections are taken
 * through a {@link DatabaseCircuit}, so an outage answers 503 at once rather than after the pool's
 * timeout.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

  private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

  /** Judges from every connection attempt whether the database answers (see the class). */
  @Bean
  DatabaseCircuit databaseCircuit(Clock clock, AnteroomProperties properties) {
    return new DatabaseCircuit(clock, properties.database().retryInterval());
  }

  @Bean(destroyMethod = "close")
  GuardedDataSource dataSource(
      AnteroomProperties properties,
      DatabaseCircuit circuit,
      @Value("${anteroom.cluster.enabled:false}") boolean cluster) {
    AnteroomProperties.Database database = properties.database();
    if (cluster
        && (database.embedded() || !database.url().strip().startsWith("jdbc:postgresql:"))) {
      // Before anything is created under the data directory.
      throw new ClusterNeedsPostgresException();
    }
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName("anteroom");
    // A request waits this long for a connection, then answers 503 instead of hanging for the
    // pool's default 30 s; checking a connection before handing it out must fit inside it.
    long timeout = Math.max(250, database.connectionTimeout().toMillis());
    pool.setConnectionTimeout(timeout);
    pool.setValidationTimeout(Math.max(250, Math.min(1000, timeout - 1)));
    if (database.embedded()) {
      pool.setJdbcUrl(embeddedUrl(properties.dataDir()));
      pool.setUsername("sa");
      pool.setPassword("");
      // Retiring connections guards against servers and firewalls that drop old sessions; an
      // in-process database has neither, so connections live as long as the process.
      pool.setMaxLifetime(0);
      log.info("Using the embedded H2 database in {}", properties.dataDir());
    } else {
      String url = database.url().strip();
      pool.setJdbcUrl(url);
      pool.setUsername(database.user());
      pool.setPassword(database.password());
      // No connections kept open for their own sake: with a minimum the pool keeps retrying a
      // lost database on its own, backing off to once every 5 s, and a request after recovery
      // waits for that; without one, the first request after recovery connects at once.
      pool.setMinimumIdle(0);
      if (url.startsWith("jdbc:postgresql:")) {
        // Sends a batch of joins as one multi-row INSERT: the group commit's main saving.
        pool.addDataSourceProperty("reWriteBatchedInserts", "true");
        postgresTimeouts(database).forEach(pool::addDataSourceProperty);
        if (cluster) {
          // A node paused in the middle of a transaction (a long collection, a frozen VM) would
          // otherwise hold a queue's head row, and with it every node's joins and releases of
          // that queue, for as long as it stays paused. Anteroom's transactions never wait on
          // anything between their statements (a snapshot's cursor switches this off for itself).
          pool.setConnectionInitSql(
              "SET idle_in_transaction_session_timeout = " + IDLE_IN_TRANSACTION_MILLIS);
        }
      }
      log.info("Using the database at {}", redact(url));
    }
    return new GuardedDataSource(pool, circuit, database.embedded());
  }

  /**
   * PostgreSQL driver timeouts, in seconds (settings in the URL take precedence): an unreachable
   * host fails within the connection timeout instead of the operating system's minutes, and a
   * connection whose peer vanished without a word fails a statement after a minute instead of
   * never.
   */
  static Map<String, String> postgresTimeouts(AnteroomProperties.Database database) {
    long seconds = Math.max(1, (database.connectionTimeout().toMillis() + 999) / 1000);
    return Map.of(
        "connectTimeout",
        Long.toString(seconds),
        "loginTimeout",
        Long.toString(seconds + 1),
        "socketTimeout",
        "60",
        "tcpKeepAlive",
        "true");
  }

  /** With several nodes, the server ends a transaction left idle this long (see dataSource). */
  static final int IDLE_IN_TRANSACTION_MILLIS = 2_000;

  /**
   * Every JdbcTemplate (and so every JdbcClient) reports connections lost mid-statement to the
   * circuit and translates them as outages, whatever the driver wrapped them in.
   */
  @Bean
  static BeanPostProcessor outageAwareTranslation(ObjectProvider<DatabaseCircuit> circuit) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        if (bean instanceof JdbcTemplate template) {
          template.setExceptionTranslator(
              new OutageAwareTranslator(template.getExceptionTranslator(), circuit.getObject()));
        }
        return bean;
      }
    };
  }

  /**
   * The vendor differences in the schema: SQL Server needs NVARCHAR to keep text outside its code
   * page (the others store Unicode in VARCHAR), and names bytes VARBINARY(MAX) where PostgreSQL
   * knows only BYTEA (which H2 accepts too).
   */
  @Bean
  FlywayConfigurationCustomizer textTypePlaceholder(AnteroomProperties properties) {
    String url = properties.database().embedded() ? "" : properties.database().url();
    boolean sqlServer = url.startsWith("jdbc:sqlserver:");
    Map<String, String> types =
        Map.of(
            "text", sqlServer ? "NVARCHAR" : "VARCHAR",
            "bytes", sqlServer ? "VARBINARY(MAX)" : "BYTEA");
    return configuration -> configuration.placeholders(types);
  }

  /**
   * WRITE_DELAY=0 makes H2 write each commit to the file before answering, so an acknowledged join
   * survives the process being killed. DB_CLOSE_DELAY=-1 keeps the database open while the pool
   * happens to hold no connection (H2 would otherwise close it, and reopen a large file on the next
   * request); it is shut down when the data source closes, after everything that writes has
   * stopped, and not by H2's own shutdown hook (DB_CLOSE_ON_EXIT=FALSE), which would race Spring's.
   */
  static String embeddedUrl(String dataDir) {
    Path dir = Path.of(dataDir).toAbsolutePath().normalize();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
    return "jdbc:h2:file:"
        + dir.resolve("anteroom")
        + ";WRITE_DELAY=0;DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE";
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^;&]*", "$1***");
  }
}

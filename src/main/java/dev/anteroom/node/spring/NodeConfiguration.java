package dev.anteroom.node.spring;

import dev.anteroom.config.AnteroomProperties;
import dev.anteroom.node.NodeLease;
import dev.anteroom.node.jdbc.JdbcNodeLease;
import dev.anteroom.node.jdbc.SessionLocks;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Takes this node's lease on the database at start (after the migrations, which create its row): a
 * second node on the same PostgreSQL database and schema stops here with a message that says so.
 * The embedded H2 file is locked to one process by H2 itself, so it needs no lease.
 */
@Configuration(proxyBeanMethods = false)
class NodeConfiguration {

  private static final Logger log = LoggerFactory.getLogger(NodeConfiguration.class);

  @Bean
  @DependsOnDatabaseInitialization
  NodeLease nodeLease(AnteroomProperties properties, ClusterProperties cluster, Clock clock) {
    AnteroomProperties.Database database = properties.database();
    String url = database.embedded() ? "" : database.url().strip();
    if (cluster.enabled()) {
      if (!url.startsWith("jdbc:postgresql:")) {
        throw new ClusterNeedsPostgresException();
      }
      // Nodes share the lines through the log and pace by application leases: none holds all.
      return NodeLease.always();
    }
    JdbcNodeLease.SessionLock lock;
    if (url.startsWith("jdbc:postgresql:")) {
      lock = SessionLocks.POSTGRESQL;
    } else if (url.startsWith("jdbc:sqlserver:")) {
      lock = SessionLocks.SQL_SERVER;
    } else {
      if (!database.embedded() && !url.startsWith("jdbc:h2:")) {
        log.warn("no node lease for this database: run a single Anteroom node on it");
      }
      return NodeLease.always();
    }
    JdbcNodeLease lease = new JdbcNodeLease(() -> connect(database, url), lock, clock, holder());
    lease.acquire();
    return lease;
  }

  /**
   * {@code nodeLease} in {@code /health}: DOWN while this node does not hold the lease (its
   * connection was lost, or another node took the line over), since it then takes no joins.
   */
  @Bean
  HealthIndicator nodeLeaseHealthIndicator(NodeLease lease) {
    return () -> lease.isHeld() ? Health.up().build() : Health.down().build();
  }

  @Bean
  NodeLeaseKeeper nodeLeaseKeeper(NodeLease lease) {
    return new NodeLeaseKeeper(lease);
  }

  private static java.sql.Connection connect(AnteroomProperties.Database database, String url)
      throws java.sql.SQLException {
    Properties settings = new Properties();
    if (database.user() != null) {
      settings.setProperty("user", database.user());
    }
    if (database.password() != null) {
      settings.setProperty("password", database.password());
    }
    long seconds = Math.max(1, (database.connectionTimeout().toMillis() + 999) / 1000);
    if (url.startsWith("jdbc:postgresql:")) {
      settings.setProperty("connectTimeout", Long.toString(seconds));
      settings.setProperty("socketTimeout", "10");
      settings.setProperty("tcpKeepAlive", "true");
      settings.setProperty("ApplicationName", "anteroom-lease");
    }
    return DriverManager.getConnection(url, settings);
  }

  /** Names this process in the lease row, for whoever investigates two nodes. */
  private static String holder() {
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    return host + " pid " + ProcessHandle.current().pid();
  }
}

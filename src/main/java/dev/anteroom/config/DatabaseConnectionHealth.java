package dev.anteroom.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code db} component: UP when a connection can be taken and answers. Not logged: during an
 * outage the connection circuit has said so once already, and refuses at once.
 */
final class DatabaseConnectionHealth implements HealthIndicator {

  private final DataSource dataSource;

  DatabaseConnectionHealth(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Health health() {
    try (Connection connection = dataSource.getConnection()) {
      return connection.isValid(1) ? Health.up().build() : Health.down().build();
    } catch (SQLException | RuntimeException e) {
      return Health.down().withDetail("error", e.getMessage()).build();
    }
  }
}

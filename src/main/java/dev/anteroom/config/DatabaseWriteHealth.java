package dev.anteroom.config;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The {@code dbWrite} component: UP only when a real write commits, the heartbeat in the one-row
 * {@code node_lease} table, within a second. A database can hand out connections and answer queries
 * while refusing writes (a read-only replica after a failover, a full disk, a closed store); a
 * read-only check would call that healthy. The answer is reused for a second, so probes from
 * several load balancers cost one small write a second at most.
 */
final class DatabaseWriteHealth implements HealthIndicator {

  private final JdbcTemplate jdbc;
  private final Clock clock;
  private final Duration reuseFor;
  private Health last;
  private Instant checkedAt;

  DatabaseWriteHealth(DataSource dataSource, Clock clock, Duration reuseFor) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.jdbc.setQueryTimeout(1);
    this.clock = clock;
    this.reuseFor = reuseFor;
  }

  @Override
  public synchronized Health health() {
    Instant now = clock.instant();
    if (last != null && now.isBefore(checkedAt.plus(reuseFor))) {
      return last;
    }
    last = write(now);
    checkedAt = now;
    return last;
  }

  private Health write(Instant now) {
    try {
      int rows =
          jdbc.update("UPDATE node_lease SET heartbeat_at = ? WHERE id = 1", now.toEpochMilli());
      return rows == 1
          ? Health.up().build()
          : Health.down().withDetail("error", "the heartbeat row is missing").build();
    } catch (RuntimeException e) {
      return Health.down().withDetail("error", e.getMessage()).build();
    }
  }
}

package dev.anteroom.alert.jdbc;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The live queues whose own queue-length alert threshold ({@code queues.alert_queue_length}) is
 * set, read in one small query per evaluation so a change made anywhere counts at once.
 */
public final class JdbcAlertThresholds implements Supplier<Map<Long, Integer>> {

  private final JdbcClient jdbc;

  public JdbcAlertThresholds(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Map<Long, Integer> get() {
    Map<Long, Integer> thresholds = new HashMap<>();
    jdbc.sql(
            "SELECT id, alert_queue_length FROM queues"
                + " WHERE deleted_at IS NULL AND alert_queue_length IS NOT NULL")
        .query(
            rs -> {
              thresholds.put(rs.getLong("id"), rs.getInt("alert_queue_length"));
            });
    return thresholds;
  }
}

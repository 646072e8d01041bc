package dev.anteroom.waiting.store.jdbc;

import static dev.anteroom.common.jdbc.DatabaseFailures.guarded;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** One number per queue for many queues in one read (PostgreSQL's {@code = ANY}). */
final class PerQueue {

  private PerQueue() {}

  /**
   * Runs {@code sql}, which selects {@code queue_id} and a number and takes the queue ids as its
   * one array parameter; queues without a row are left out.
   */
  static Map<Long, Long> numbers(JdbcTemplate jdbc, String sql, Collection<Long> queueIds) {
    Map<Long, Long> numbers = new HashMap<>();
    if (queueIds.isEmpty()) {
      return numbers;
    }
    guarded(
        () -> {
          jdbc.query(
              sql,
              rs -> {
                numbers.put(rs.getLong(1), rs.getLong(2));
              },
              (Object) queueIds.toArray(Long[]::new));
          return null;
        });
    return numbers;
  }
}

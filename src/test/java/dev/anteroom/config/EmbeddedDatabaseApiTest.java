package dev.anteroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The embedded H2 file database, as a newcomer runs it. The pool retires its connections (after
 * half an hour by default, or when they break); the database must stay usable after that. With H2
 * 2.4.240 every queue write then failed with "The database has been closed", answered 409, because
 * a CHECK constraint stayed bound to the session that ran the migration.
 */
class EmbeddedDatabaseApiTest extends ApiTestBase {

  @DynamicPropertySource
  static void freshDataDirectory(DynamicPropertyRegistry registry) {
    registry.add("anteroom.data-dir", () -> "target/test-data/embedded-" + UUID.randomUUID());
  }

  @Autowired DataSource dataSource;

  @Test
  void queues_can_be_written_after_the_pool_retired_every_connection() throws Exception {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());
    Api owner = api().withKey(tenant.secretKey());

    retireEveryConnection();

    Api.Answer updated =
        owner.put(
            "/queues/" + queue, Map.of("release_rate_per_minute", 120, "queue_method", "fifo"));
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(owner.post("/queues/" + queue + "/pause").status()).isEqualTo(200);
    assertThat(owner.post("/queues/" + queue + "/resume").status()).isEqualTo(200);
    Api.Answer created = owner.post("/queues", Map.of("name", unique("after")));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
  }

  /** What the pool's maxLifetime does to every connection: closes it and opens a new one. */
  private void retireEveryConnection() throws Exception {
    JdbcClient jdbc = JdbcClient.create(dataSource);
    Set<Long> before = new HashSet<>(sessions(jdbc));
    dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
    // The pool closes connections on a thread of its own: wait until none of the old sessions is
    // left in the database.
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sessions(jdbc).stream().noneMatch(before::contains));
  }

  private static List<Long> sessions(JdbcClient jdbc) {
    return jdbc.sql("SELECT SESSION_ID FROM INFORMATION_SCHEMA.SESSIONS").query(Long.class).list();
  }
}

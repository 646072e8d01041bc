package dev.anteroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TcpProxy;
import dev.anteroom.support.TestPostgres;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * PostgreSQL goes away and comes back while Anteroom runs. The database is reached through a
 * loopback proxy the test cuts and restores, so the shared server is never stopped. Requests that
 * need the database answer 503 with Retry-After at once (not after the pool's 30 s, not 500), polls
 * keep answering from memory, the outage is logged once, and the first retry after the database is
 * back succeeds without a restart.
 */
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageApiTest extends ApiTestBase {

  private static TcpProxy proxy;

  @DynamicPropertySource
  static void throughTheProxy(DynamicPropertyRegistry registry) {
    registry.add("anteroom.database.url", DatabaseOutageApiTest::proxiedSchema);
    registry.add("anteroom.database.user", () -> TestPostgres.USER);
  }

  private static synchronized String proxiedSchema() {
    String url = TestPostgres.freshSchemaUrl();
    URI server = URI.create(url.substring("jdbc:".length()));
    if (proxy == null) {
      proxy = TcpProxy.to(server.getHost(), server.getPort());
    }
    return url.replace(
        "//" + server.getHost() + ":" + server.getPort() + "/",
        "//127.0.0.1:" + proxy.port() + "/");
  }

  @AfterAll
  static void stopProxy() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void an_outage_answers_503_at_once_keeps_polls_and_recovers_without_restart(
      CapturedOutput output) {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());
    Api owner = api().withKey(tenant.secretKey());
    assertThat(owner.post("/queues/" + queue + "/pause").status()).isEqualTo(200);
    Api.Answer joined = owner.post("/join", Map.of("queue_id", queue));
    assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
    String token = joined.text("token");

    proxy.cut();
    try {
      for (int attempt = 0; attempt < 20; attempt++) {
        long started = System.nanoTime();
        Api.Answer refused =
            owner.put("/queues/" + queue, Map.of("release_rate_per_minute", 100 + attempt));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.header("Retry-After")).isEqualTo("2");
        assertThat(refused.text("code")).isEqualTo("store_unavailable");
        // A generous bound, not a benchmark: the pool's default wait was 30 s.
        assertThat(took).isLessThan(Duration.ofSeconds(5));
      }
      Api.Answer join = owner.post("/join", Map.of("queue_id", queue));
      assertThat(join.status()).as(join.toString()).isEqualTo(503);
      assertThat(join.header("Retry-After")).isEqualTo("2");

      Api.Answer poll = api().get("/queue_status?token=" + token);
      assertThat(poll.status()).as("polls answer from memory").isEqualTo(200);
      assertThat(poll.text("status")).isEqualTo("waiting");

      assertThat(api().get("/health").status()).isEqualTo(503);
      String metrics = api().get("/metrics").body();
      assertThat(metrics).contains("anteroom_database_outages_total 1.0");
      assertThat(metrics).contains("anteroom_database_up 0.0");
      assertThat(metrics)
          .as("the lease's own connection is cut too")
          .contains("anteroom_node_lease_held 0.0");
      assertThat(occurrences(output.getOut(), "the database does not answer")).isEqualTo(1);
      assertThat(output.getOut()).doesNotContain("unexpected failure");
    } finally {
      proxy.restore();
    }

    clock.tick(Duration.ofSeconds(1)); // the retry interval: the next request probes
    Api.Answer updated = owner.put("/queues/" + queue, Map.of("release_rate_per_minute", 90));
    assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    assertThat(output.getOut()).contains("the database answers again");
    assertThat(api().get("/metrics").body()).contains("anteroom_database_up 1.0");
    // The lease is checked every second on a thread of its own: wait for it to be taken back.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> api().get("/metrics").body().contains("anteroom_node_lease_held 1.0"));
    assertThat(api().get("/health").status()).isEqualTo(200);
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}

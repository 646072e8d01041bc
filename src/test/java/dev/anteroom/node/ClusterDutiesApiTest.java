package dev.anteroom.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anteroom.alert.AlertEvaluator;
import dev.anteroom.alert.AlertKind;
import dev.anteroom.alert.AlertNotice;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A node in cluster mode on PostgreSQL, wired as in production: once it holds the lease of the
 * cluster's chores it evaluates the alerts, and once it holds an application's lease the gauges of
 * its queues are on its {@code /metrics}. The leases are timed by the database and taken by the
 * node's own threads, so the test waits for them, bounded; it never asserts on a duration.
 */
@OnPostgres
@TestPropertySource(properties = "anteroom.cluster.enabled=true")
class ClusterDutiesApiTest extends ApiTestBase {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Autowired Pacing pacing;
  @Autowired AlertEvaluator evaluator;

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        fail(what + " did not happen within " + WAIT);
      }
      Thread.sleep(50);
    }
  }

  private boolean reportsQueueSize(long queue) {
    return api()
        .get("/metrics")
        .body()
        .lines()
        .anyMatch(l -> l.startsWith("queue_size{") && l.contains("queue_id=\"" + queue + "\""));
  }

  @Test
  void the_node_with_the_duties_alerts_and_reports_the_gauges_of_the_queues_it_paces()
      throws Exception {
    await("the cluster's chores taken", pacing::dutiesAreMine);
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());
    Api owner = api().withKey(tenant.secretKey());
    assertThat(owner.post("/queues/" + queue + "/pause").status()).isEqualTo(200);
    assertThat(owner.put("/queues/" + queue, Map.of("alert_queue_length", 1)).status())
        .isEqualTo(200);
    for (int i = 0; i < 2; i++) {
      Api.Answer joined = owner.post("/join", Map.of("queue_id", queue, "visitor_id", "v-" + i));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
    }

    await("the application's pacing taken", () -> pacing.paces(tenant.id()));
    await("queue_size reported", () -> reportsQueueSize(queue));

    List<AlertNotice> notices = evaluator.evaluate(clock.instant());
    assertThat(notices)
        .filteredOn(n -> n.alert().kind() == AlertKind.QUEUE_LENGTH)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.event()).isEqualTo(AlertNotice.Event.STARTED);
              assertThat(n.alert().queueId()).isEqualTo(queue);
            });
    assertThat(owner.get("/dashboard/alerts?state=firing").json().get("total").asLong())
        .isEqualTo(1);
  }
}

package dev.anteroom.release.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.util.Map;
import org.junit.jupiter.api.Test;

@OnH2
class SimulationApiTest extends ApiTestBase {

  @Test
  void a_projection_answers_per_minute_lengths_and_waits_and_leaves_the_queue_alone() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of("release_rate_per_minute", 100));
    api().withKey(tenant.publishableKey()).post("/join", Map.of("queue_id", queue));

    Api.Answer projection =
        api()
            .withKey(tenant.secretKey())
            .post(
                "/queues/" + queue + "/simulate",
                Map.of("arrivals_per_minute", 150, "minutes", 30, "abandon_rate", 0.01));

    assertThat(projection.status()).isEqualTo(200);
    var json = projection.json();
    assertThat(json.get("per_minute").size()).isEqualTo(30);
    var last = json.get("per_minute").get(29);
    assertThat(last.get("minute").asInt()).isEqualTo(30);
    assertThat(last.get("released").asLong()).isEqualTo(100);
    assertThat(last.get("queue_length").asLong()).isGreaterThan(500);
    assertThat(last.get("wait_p95_seconds").asLong())
        .isGreaterThanOrEqualTo(last.get("wait_p50_seconds").asLong());
    assertThat(json.get("totals").get("arrived").asLong()).isEqualTo(4_500);
    assertThat(json.get("release_rate_per_minute").asDouble()).isEqualTo(100);

    assertThat(api().get("/metrics").body())
        .containsPattern("queue_size\\{[^}]*queue_id=\"" + queue + "\"[^}]*} 1.0");
  }

  @Test
  void a_projection_needs_a_sane_scenario_and_a_visible_queue() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());
    Api owner = api().withKey(tenant.secretKey()).raw();

    Api.Answer noArrivals = owner.post("/queues/" + queue + "/simulate", Map.of("minutes", 5));
    assertThat(noArrivals.status()).isEqualTo(400);
    assertThat(noArrivals.text("field")).isEqualTo("arrivals_per_minute");
    assertThat(noArrivals.text("detail")).contains("required").doesNotContain("-1");
    Api.Answer tooLong =
        owner.post(
            "/queues/" + queue + "/simulate", Map.of("arrivals_per_minute", 5, "minutes", 2000));
    assertThat(tooLong.text("field")).isEqualTo("minutes");
    Tenant other = newTenant();
    assertThat(
            api()
                .withKey(other.secretKey())
                .post("/queues/" + queue + "/simulate", Map.of("arrivals_per_minute", 5))
                .status())
        .isEqualTo(404);
  }
}

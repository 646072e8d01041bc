package dev.anteroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.anteroom.callback.DeliveryResult;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The documented metrics, read back from {@code /metrics} as Prometheus would: their names, types
 * and labels, and that they move with a scenario driven through the API and a moved clock.
 */
class QueueMetricsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private static final Set<String> QUEUE_LABELS = Set.of("application_id", "queue_id");

    @Autowired private CallbackMetrics callbackMetrics;

    private PrometheusText scrape() {
      Api.Answer answer = api().get("/metrics");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      return PrometheusText.parse(answer.body());
    }

    private String join(Tenant tenant, long queue) {
      Api.Answer joined =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      return joined.text("token");
    }

    private String status(String token) {
      return api().get("/queue_status?token=" + token).text("status");
    }

    private static double value(PrometheusText scrape, String name, long queue) {
      return scrape.value(name, queue).orElseThrow(() -> new AssertionError(name + " missing"));
    }

    @Test
    void the_queue_counters_and_gauges_follow_joins_releases_cancels_completions_and_expiries() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "release_rate_per_minute", 60,
                  "access_ttl_seconds", 60,
                  "idle_timeout_seconds", 600));
      List<String> tokens = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        tokens.add(join(tenant, queue));
      }
      PrometheusText joined = scrape();
      assertThat(value(joined, "queue_users_joined_total", queue)).isEqualTo(5);
      assertThat(value(joined, "queue_size", queue)).isEqualTo(5);
      assertThat(value(joined, "queue_users_released_total", queue)).isZero();
      assertThat(value(joined, "queue_release_rate_per_minute", queue)).isEqualTo(60);
      assertThat(value(joined, "queue_releasing", queue)).isEqualTo(1);

      assertThat(api().post("/cancel", Map.of("token", tokens.get(4))).status()).isEqualTo(200);
      engine.releaseDue();
      for (int i = 0; i < 10 && !"released".equals(status(tokens.get(1))); i++) {
        step(Duration.ofSeconds(1));
      }
      long released = tokens.stream().limit(4).filter(t -> "released".equals(status(t))).count();
      assertThat(released).isBetween(2L, 3L);
      PrometheusText moved = scrape();
      assertThat(value(moved, "queue_users_cancelled_total", queue)).isEqualTo(1);
      assertThat(value(moved, "queue_users_released_total", queue)).isEqualTo(released);
      assertThat(value(moved, "queue_size", queue)).isEqualTo(4 - released);
      assertThat(value(moved, "queue_active_users", queue)).isEqualTo(released);

      String pass = api().get("/queue_status?token=" + tokens.get(0)).text("access_token");
      assertThat(
              api()
                  .withKey(tenant.secretKey())
                  .post("/complete", Map.of("access_token", pass))
                  .status())
          .isEqualTo(200);
      PrometheusText completed = scrape();
      assertThat(value(completed, "queue_users_completed_total", queue)).isEqualTo(1);
      assertThat(value(completed, "queue_users_expired_total", queue))
          .as("an ended pass is a completion, not an expiry")
          .isZero();
      assertThat(value(completed, "queue_active_users", queue)).isEqualTo(released - 1);

      assertThat(api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause").status())
          .isEqualTo(200);
      assertThat(value(scrape(), "queue_releasing", queue)).isZero();
      step(Duration.ofSeconds(601));
      PrometheusText expired = scrape();
      assertThat(value(expired, "queue_users_expired_total", queue))
          .as("the passes that ran out and the visitors who went idle")
          .isEqualTo((released - 1) + (4 - released));
      assertThat(value(expired, "queue_size", queue)).isZero();
      assertThat(value(expired, "queue_active_users", queue)).isZero();
      assertThat(value(expired, "queue_users_joined_total", queue)).isEqualTo(5);
      assertThat(value(expired, "queue_users_released_total", queue)).isEqualTo(released);
    }

    @Test
    void the_observed_release_rate_follows_the_departures_and_the_configured_one_the_settings() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      for (int i = 0; i < 20; i++) {
        join(tenant, queue);
      }
      assertThat(value(scrape(), "queue_observed_release_rate_per_minute", queue))
          .as("nobody left yet")
          .isZero();
      engine.releaseDue();
      for (int i = 0; i < 15; i++) {
        step(Duration.ofSeconds(1));
      }
      PrometheusText scrape = scrape();
      assertThat(value(scrape, "queue_observed_release_rate_per_minute", queue))
          .isCloseTo(60, within(6.0));

      Api.Answer changed =
          api()
              .withKey(tenant.secretKey())
              .put("/queues/" + queue, Map.of("release_rate_per_minute", 120));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      assertThat(value(scrape(), "queue_release_rate_per_minute", queue)).isEqualTo(120);
    }

    @Test
    void the_release_lag_is_the_time_since_the_engine_last_stepped() {
      engine.releaseDue();
      PrometheusText fresh = scrape();
      clock.tick(Duration.ofSeconds(7));
      PrometheusText late = scrape();
      engine.releaseDue();

      assertThat(fresh.typeOf("anteroom_release_lag_seconds")).isEqualTo("gauge");
      assertThat(single(fresh, "anteroom_release_lag_seconds")).isZero();
      assertThat(single(late, "anteroom_release_lag_seconds")).isEqualTo(7);
    }

    @Test
    void every_queue_metric_has_its_type_and_only_the_application_and_queue_labels() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      join(tenant, queue);
      PrometheusText scrape = scrape();

      Map<String, String> types =
          Map.ofEntries(
              Map.entry("queue_users_joined_total", "counter"),
              Map.entry("queue_users_released_total", "counter"),
              Map.entry("queue_users_expired_total", "counter"),
              Map.entry("queue_users_cancelled_total", "counter"),
              Map.entry("queue_users_completed_total", "counter"),
              Map.entry("queue_size", "gauge"),
              Map.entry("queue_active_users", "gauge"),
              Map.entry("queue_release_rate_per_minute", "gauge"),
              Map.entry("queue_observed_release_rate_per_minute", "gauge"),
              Map.entry("queue_releasing", "gauge"),
              Map.entry("callback_success_total", "counter"),
              Map.entry("callback_failure_total", "counter"),
              Map.entry("callback_duration_seconds", "histogram"),
              Map.entry("callback_pending", "gauge"));
      types.forEach(
          (name, type) -> {
            List<PrometheusText.Sample> series =
                scrape.of(type.equals("histogram") ? name + "_count" : name, queue);
            assertThat(series).as(name).hasSize(1);
            assertThat(series.get(0).labels())
                .as(name)
                .containsEntry("application_id", Long.toString(tenant.id()))
                .containsOnlyKeys(QUEUE_LABELS);
            assertThat(scrape.typeOf(name)).as(name).isEqualTo(type);
          });
      assertThat(scrape.of("callback_duration_seconds_bucket", queue))
          .as("a histogram Prometheus can take quantiles of")
          .isNotEmpty()
          .allSatisfy(
              b -> assertThat(b.labels()).containsOnlyKeys("application_id", "queue_id", "le"));
      assertThat(scrape.samples())
          .filteredOn(s -> s.name().startsWith("queue_") || s.name().startsWith("callback_"))
          .allSatisfy(
              s ->
                  assertThat(s.labels().keySet())
                      .as(s.name())
                      .isSubsetOf("application_id", "queue_id", "le", "outcome"));
    }

    @Test
    void a_deleted_queue_leaves_no_series_behind() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      join(tenant, queue);
      assertThat(scrape().mentionsQueue(queue)).isTrue();

      assertThat(api().withKey(tenant.secretKey()).delete("/queues/" + queue).status())
          .isEqualTo(204);

      assertThat(scrape().mentionsQueue(queue)).isFalse();
    }

    @Test
    void a_late_callback_of_a_deleted_queue_does_not_bring_its_series_back() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      assertThat(api().withKey(tenant.secretKey()).delete("/queues/" + queue).status())
          .isEqualTo(204);

      callbackMetrics.attempted(
          tenant.id(), queue, DeliveryResult.failed("timeout", "late", Duration.ofSeconds(1)));
      callbackMetrics.finished(tenant.id(), queue, false);

      assertThat(scrape().mentionsQueue(queue)).isFalse();
    }

    @Test
    void the_jvm_http_pool_and_process_metrics_are_on_and_status_polls_are_counted_apart() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = join(tenant, queue);
      status(token);
      api().get("/health");
      PrometheusText scrape = scrape();

      assertThat(scrape.samples())
          .extracting(PrometheusText.Sample::name)
          .contains(
              "jvm_memory_used_bytes",
              "jvm_threads_live_threads",
              "process_cpu_usage",
              "process_uptime_seconds",
              "hikaricp_connections_active",
              "http_server_requests_seconds_count",
              "anteroom_status_requests_total");
      assertThat(scrape.samples())
          .filteredOn(s -> s.name().startsWith("http_server_requests_seconds"))
          .extracting(s -> s.labels().get("uri"))
          .as("the status path stays off per-request observation")
          .doesNotContain("/queue_status");
    }

    @Test
    void join_requests_are_counted_by_status_off_per_request_observation() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      PrometheusText before = scrape();
      join(tenant, queue);
      join(tenant, queue);
      Api.Answer unknown =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue + 1));
      assertThat(unknown.status()).isEqualTo(404);
      PrometheusText after = scrape();

      assertThat(joins(after, "201") - joins(before, "201")).isEqualTo(2);
      assertThat(joins(after, "404") - joins(before, "404")).isEqualTo(1);
      assertThat(after.samples())
          .filteredOn(s -> s.name().startsWith("http_server_requests_seconds"))
          .extracting(s -> s.labels().get("uri"))
          .doesNotContain("/join");
    }

    private static double joins(PrometheusText scrape, String status) {
      return scrape.samples().stream()
          .filter(s -> s.name().equals("anteroom_join_requests_total"))
          .filter(s -> status.equals(s.labels().get("status")))
          .mapToDouble(PrometheusText.Sample::value)
          .sum();
    }

    private static double single(PrometheusText scrape, String name) {
      List<PrometheusText.Sample> found =
          scrape.samples().stream().filter(s -> s.name().equals(name)).toList();
      assertThat(found).as(name).hasSize(1);
      return found.get(0).value();
    }
  }
}

package dev.anteroom.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.anteroom.dashboard.AggregateStore;
import dev.anteroom.dashboard.MinuteFlusher;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import dev.anteroom.waiting.LineMeters;
import dev.anteroom.waiting.store.LineCounts;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class DashboardApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Autowired MinuteFlusher flusher;
    @Autowired QueueDirectory queues;
    @Autowired WaitingLineStore lines;
    @Autowired AggregateStore store;

    /**
     * At T0 (a whole hour) the paused queue takes two joins, at T0+40s two more, one of which
     * cancels at T0+50s; it resumes at T0+90s and the step at T0+91s lets the three through: waits
     * 91, 91 and 51 seconds.
     */
    private Scenario scenario() {
      Scenario s = released(true);
      // Past the hour and the grace: the hour is rolled up into stored rows.
      clock.set(s.t0().plus(Duration.ofMinutes(63)));
      flusher.flush(clock.instant());
      return s;
    }

    /** The scenario up to the release, flushed after it or not. */
    private Scenario released(boolean flushAfter) {
      Instant t0 = clock.instant().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
      clock.set(t0);
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 600));
      Api owner = api().withKey(tenant.secretKey());
      assertThat(owner.post("/queues/" + queue + "/pause").status()).isEqualTo(200);
      join(owner, queue, "a");
      join(owner, queue, "b");
      step(Duration.ofSeconds(10));
      flusher.flush(clock.instant());
      clock.set(t0.plusSeconds(40));
      join(owner, queue, "c");
      String leaving = join(owner, queue, "d");
      clock.set(t0.plusSeconds(50));
      assertThat(api().post("/cancel", Map.of("token", leaving)).status()).isEqualTo(200);
      flusher.flush(clock.instant());
      clock.set(t0.plusSeconds(90));
      engine.releaseDue();
      assertThat(owner.post("/queues/" + queue + "/resume").status()).isEqualTo(200);
      step(Duration.ofSeconds(1));
      if (flushAfter) {
        flusher.flush(clock.instant());
      }
      return new Scenario(tenant, queue, t0);
    }

    private record Scenario(Tenant tenant, long queue, Instant t0) {}

    private static String join(Api owner, long queue, String visitor) {
      Api.Answer joined =
          owner.post("/join", Map.of("queue_id", queue, "visitor_id", unique(visitor)));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      return joined.text("token");
    }

    private static List<JsonNode> points(Api.Answer answer) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      return answer.json().get("points").valueStream().toList();
    }

    private static String range(Instant from, Instant to, String interval) {
      return "from=" + from + "&to=" + to + "&interval=" + interval;
    }

    @Test
    void minutes_count_the_scenario_exactly() {
      Scenario s = scenario();
      List<JsonNode> points =
          points(
              api()
                  .withKey(s.tenant().secretKey())
                  .get(
                      "/dashboard/analytics?queue_id="
                          + s.queue()
                          + "&"
                          + range(s.t0(), s.t0().plus(Duration.ofMinutes(3)), "minute")));
      assertThat(points).hasSize(3);
      JsonNode first = points.get(0);
      assertThat(first.get("start").asString()).isEqualTo(s.t0().toString());
      assertThat(first.get("joins").asLong()).isEqualTo(4);
      assertThat(first.get("cancellations").asLong()).isEqualTo(1);
      assertThat(first.get("releases").asLong()).isZero();
      assertThat(first.get("queue_length").asInt()).isEqualTo(3);
      assertThat(first.get("queue_length_max").asInt()).isEqualTo(3);
      assertThat(first.get("average_wait_seconds").isNull()).isTrue();
      JsonNode second = points.get(1);
      assertThat(second.get("releases").asLong()).isEqualTo(3);
      assertThat(second.get("joins").asLong()).isZero();
      assertThat(second.get("queue_length").asInt()).isZero();
      assertThat(second.get("average_wait_seconds").asDouble())
          .isCloseTo((91 + 91 + 51) / 3.0, within(0.001));
      assertThat(second.get("p95_wait_seconds").asDouble()).isEqualTo(120.0);
      assertThat(points.get(2).get("releases").asLong()).isZero();
    }

    @Test
    void queue_stats_show_the_line_now_and_the_last_hour_unflushed_included() {
      Scenario s = released(false);
      Api owner = api().withKey(s.tenant().secretKey());
      clock.set(s.t0().plusSeconds(95));
      assertThat(owner.post("/queues/" + s.queue() + "/pause").status()).isEqualTo(200);
      join(owner, s.queue(), "e");
      clock.set(s.t0().plusSeconds(100));
      Api.Answer answer = owner.get("/dashboard/queue_stats?queue_id=" + s.queue());
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      assertThat(answer.json().get("total").asLong()).isEqualTo(1);
      JsonNode stat = answer.json().get("items").get(0);
      assertThat(stat.get("queue_id").asLong()).isEqualTo(s.queue());
      assertThat(stat.get("state").asString()).isEqualTo("paused");
      assertThat(stat.get("waiting").asInt()).isEqualTo(1);
      assertThat(stat.get("active").asInt()).isEqualTo(3);
      assertThat(stat.get("release_rate_per_minute").asInt()).isEqualTo(600);
      assertThat(stat.get("released_last_hour").asLong()).isEqualTo(3);
      assertThat(stat.get("expired_last_hour").asLong()).isZero();
      assertThat(stat.get("average_wait_seconds_last_hour").asDouble())
          .isCloseTo((91 + 91 + 51) / 3.0, within(0.001));
      assertThat(stat.get("p95_wait_seconds_last_hour").asDouble()).isEqualTo(120.0);
      assertThat(stat.get("oldest_waiting_seconds").asLong()).isEqualTo(5);
      assertThat(stat.get("eta_seconds").isNull()).isTrue();
      assertThat(owner.post("/queues/" + s.queue() + "/resume").status()).isEqualTo(200);
      JsonNode resumed =
          owner.get("/dashboard/queue_stats?application_id=" + s.tenant().id()).json();
      assertThat(resumed.get("items").get(0).get("eta_seconds").isNull()).isFalse();

      Tenant other = newTenant();
      Api intruder = api().withKey(other.secretKey());
      assertThat(intruder.get("/dashboard/queue_stats?queue_id=" + s.queue()).status())
          .isEqualTo(404);
      assertThat(intruder.get("/dashboard/queue_stats?application_id=" + s.tenant().id()).status())
          .isEqualTo(404);
      assertThat(intruder.get("/dashboard/queue_stats").json().get("total").asLong()).isZero();
      assertThat(api().withKey(s.tenant().publishableKey()).get("/dashboard/queue_stats").status())
          .isEqualTo(403);
      Api admin = newAppAdmin(other.id());
      assertThat(admin.get("/dashboard/queue_stats?queue_id=" + s.queue()).status()).isEqualTo(404);
      assertThat(admin.get("/dashboard/queue_stats").json().get("total").asLong()).isZero();
    }

    @Test
    void the_summary_adds_up_the_callers_queues_only() {
      Scenario s = released(true);
      // The three passes (900 s by default) run out; not flushed yet, still counted.
      clock.set(s.t0().plusSeconds(91 + 901));
      engine.releaseDue();
      JsonNode mine = summary(api().withKey(s.tenant().secretKey()));
      assertThat(mine.get("applications").asLong()).isEqualTo(1);
      assertThat(mine.get("queues").get("open").asInt()).isEqualTo(1);
      assertThat(mine.get("queues").get("paused").asInt()).isZero();
      assertThat(mine.get("waiting_now").asLong()).isZero();
      assertThat(mine.get("active_now").asLong()).isZero();
      assertThat(mine.get("joins_last24h").asLong()).isEqualTo(4);
      assertThat(mine.get("released_last24h").asLong()).isEqualTo(3);
      assertThat(mine.get("expired_last24h").asLong()).isEqualTo(3);
      assertThat(mine.get("cancelled_last24h").asLong()).isEqualTo(1);
      assertThat(mine.get("callback_success_ratio").isNull()).isTrue();
      assertThat(mine.get("open_alerts").asLong()).isZero();

      Tenant other = newTenant();
      newQueue(other, Map.of());
      JsonNode theirs = summary(api().withKey(other.secretKey()));
      assertThat(theirs.get("applications").asLong()).isEqualTo(1);
      assertThat(theirs.get("queues").get("open").asInt()).isEqualTo(1);
      assertThat(theirs.get("joins_last24h").asLong()).isZero();
      assertThat(theirs.get("released_last24h").asLong()).isZero();
      JsonNode admin = summary(newAppAdmin(other.id()));
      assertThat(admin.get("applications").asLong()).isEqualTo(1);
      assertThat(admin.get("joins_last24h").asLong()).isZero();
      assertThat(api().withKey(s.tenant().publishableKey()).get("/dashboard/summary").status())
          .isEqualTo(403);
      assertThat(summary(superAdmin()).get("joins_last24h").asLong()).isGreaterThanOrEqualTo(4);
    }

    private static JsonNode summary(Api caller) {
      Api.Answer answer = caller.get("/dashboard/summary");
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      return answer.json();
    }

    @Test
    void the_wait_histogram_is_at_metrics_and_moves() {
      Scenario s = scenario();
      String series =
          "queue_wait_seconds_bucket{application_id=\""
              + s.tenant().id()
              + "\",queue_id=\""
              + s.queue()
              + "\",le=\"";
      String metrics = api().get("/metrics").body();
      assertThat(metrics).contains("# TYPE queue_wait_seconds histogram");
      assertThat(metrics).contains(series + "60.0\"} 1");
      assertThat(metrics).contains(series + "120.0\"} 3");
      assertThat(metrics).contains(series + "30.0\"} 0");
      assertThat(metrics)
          .containsPattern(
              "queue_wait_seconds_sum\\{application_id=\""
                  + s.tenant().id()
                  + "\",queue_id=\""
                  + s.queue()
                  + "\"\\} 233\\.0");
      assertThat(api().withKey(s.tenant().secretKey()).delete("/queues/" + s.queue()).status())
          .isIn(200, 204);
      assertThat(api().get("/metrics").body()).doesNotContain(series);
    }

    @Test
    void a_restarted_process_adds_to_the_minute_and_a_repeated_flush_changes_nothing() {
      Scenario s = released(true);
      flusher.flush(clock.instant());
      flusher.flush(clock.instant());
      // A restart: a new writer whose counters start at zero, counting two more joins.
      LineMeters restartedMeters = new LineMeters();
      MinuteFlusher restarted =
          new MinuteFlusher(queues, lines, restartedMeters, store, "restarted-writer");
      restartedMeters.of(s.queue()).joined.add(2);
      restarted.flush(clock.instant());
      restarted.flush(clock.instant());
      List<JsonNode> points =
          points(
              api()
                  .withKey(s.tenant().secretKey())
                  .get(
                      "/dashboard/analytics?queue_id="
                          + s.queue()
                          + "&"
                          + range(s.t0(), s.t0().plus(Duration.ofMinutes(2)), "minute")));
      assertThat(points.get(0).get("joins").asLong()).isEqualTo(4);
      assertThat(points.get(1).get("joins").asLong()).isEqualTo(2);
      assertThat(points.get(1).get("releases").asLong()).isEqualTo(3);
    }

    @Test
    void joins_counted_while_a_flush_runs_are_all_written() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      LineMeters counting = new LineMeters();
      // A line whose length, read by every flush, comes with a join that arrives just then: in the
      // middle of the flush's reading of the counters.
      WaitingLineStore joiningWhileRead =
          (WaitingLineStore)
              Proxy.newProxyInstance(
                  WaitingLineStore.class.getClassLoader(),
                  new Class<?>[] {WaitingLineStore.class},
                  (proxy, method, args) ->
                      switch (method.getName()) {
                        case "isOpen" -> true;
                        case "counts" -> {
                          if ((long) args[0] == queue) {
                            counting.of(queue).joined.increment();
                          }
                          yield new LineCounts(0, 0);
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                      });
      MinuteFlusher busy =
          new MinuteFlusher(queues, joiningWhileRead, counting, store, "busy-writer");
      Instant minute = clock.instant();

      for (int i = 0; i < 5; i++) {
        busy.flush(minute);
      }

      long counted = counting.of(queue).joined.sum();
      busy.flush(minute);
      List<JsonNode> points =
          points(
              api()
                  .withKey(tenant.secretKey())
                  .get(
                      "/dashboard/analytics?queue_id="
                          + queue
                          + "&"
                          + range(minute, minute.plus(Duration.ofMinutes(1)), "minute")));
      assertThat(points.get(0).get("joins").asLong()).isEqualTo(counted);
    }

    @Test
    void hours_and_days_roll_up_the_same_numbers() {
      Scenario s = scenario();
      Api owner = api().withKey(s.tenant().secretKey());
      String filter = "/dashboard/analytics?application_id=" + s.tenant().id() + "&";
      List<JsonNode> hours =
          points(owner.get(filter + range(s.t0(), s.t0().plus(Duration.ofHours(2)), "hour")));
      assertThat(hours).hasSize(2);
      for (JsonNode total :
          List.of(
              hours.get(0),
              points(owner.get(filter + range(s.t0(), s.t0().plusSeconds(1), "day"))).get(0))) {
        assertThat(total.get("joins").asLong()).isEqualTo(4);
        assertThat(total.get("releases").asLong()).isEqualTo(3);
        assertThat(total.get("cancellations").asLong()).isEqualTo(1);
        assertThat(total.get("average_wait_seconds").asDouble())
            .isCloseTo((91 + 91 + 51) / 3.0, within(0.001));
        assertThat(total.get("p95_wait_seconds").asDouble()).isEqualTo(120.0);
        assertThat(total.get("queue_length").asInt()).isZero();
        assertThat(total.get("queue_length_max").asInt()).isEqualTo(3);
      }
      assertThat(hours.get(1).get("joins").asLong()).isZero();
    }

    @Test
    void other_tenants_see_nothing_of_it() {
      Scenario s = scenario();
      Tenant other = newTenant();
      String range = range(s.t0(), s.t0().plus(Duration.ofHours(1)), "hour");
      Api intruder = api().withKey(other.secretKey());
      assertThat(intruder.get("/dashboard/analytics?queue_id=" + s.queue() + "&" + range).status())
          .isEqualTo(404);
      assertThat(
              intruder
                  .get("/dashboard/analytics?application_id=" + s.tenant().id() + "&" + range)
                  .status())
          .isEqualTo(404);
      assertThat(points(intruder.get("/dashboard/analytics?" + range)).get(0).get("joins").asLong())
          .isZero();
      Api admin = newAppAdmin(other.id());
      assertThat(admin.get("/dashboard/analytics?queue_id=" + s.queue() + "&" + range).status())
          .isEqualTo(404);
      assertThat(points(admin.get("/dashboard/analytics?" + range)).get(0).get("joins").asLong())
          .isZero();
      assertThat(
              api()
                  .withKey(s.tenant().publishableKey())
                  .get("/dashboard/analytics?" + range)
                  .status())
          .isEqualTo(403);
      assertThat(
              points(superAdmin().get("/dashboard/analytics?queue_id=" + s.queue() + "&" + range))
                  .get(0)
                  .get("joins")
                  .asLong())
          .isEqualTo(4);
    }

    @Test
    void bad_ranges_are_400s_naming_the_field() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey());
      Instant t = Instant.parse("2026-05-01T09:00:00Z");
      assertField(owner.get("/dashboard/analytics?" + range(t, t, "minute")), "to");
      assertField(owner.get("/dashboard/analytics?" + range(t, t.minusSeconds(60), "hour")), "to");
      assertField(
          owner.get("/dashboard/analytics?" + range(t, t.plus(Duration.ofDays(7)), "minute")),
          "interval");
      assertThat(
              points(
                  owner.get(
                      "/dashboard/analytics?"
                          + range(t, t.plus(Duration.ofMinutes(10_000)), "minute"))))
          .hasSize(10_000);
      assertField(owner.raw().get("/dashboard/analytics?interval=week"), "interval");
      assertField(owner.raw().get("/dashboard/analytics?from=yesterday"), "from");
      assertThat(owner.raw().get("/dashboard/analytics?queue_id=abc").status()).isEqualTo(400);
      // Parses as an instant, but overflows a count of milliseconds: a 400, never a 500.
      assertField(
          owner
              .raw()
              .get(
                  "/dashboard/analytics?from=2026-01-01T00:00:00Z&to=%2B999999999-01-01T00:00:00Z"),
          "to");
      assertField(
          owner
              .raw()
              .get("/dashboard/analytics?from=-999999999-01-01T00:00:00Z&to=2026-01-01T00:00:00Z"),
          "from");
    }

    @Test
    void a_range_too_large_for_the_queues_in_scope_is_a_400_asking_to_narrow_it() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey());
      long queue = 0;
      for (int i = 0; i < 31; i++) {
        queue = newQueue(tenant, Map.of());
      }
      Instant t = Instant.parse("2026-05-01T09:00:00Z");
      String tenThousandMinutes = range(t, t.plus(Duration.ofMinutes(10_000)), "minute");

      Api.Answer all = owner.get("/dashboard/analytics?" + tenThousandMinutes);
      assertField(all, "interval");
      assertThat(all.text("detail")).contains("31 queues");
      assertThat(
              points(
                  owner.get("/dashboard/analytics?" + tenThousandMinutes + "&queue_id=" + queue)))
          .hasSize(10_000);
    }

    private static void assertField(Api.Answer answer, String field) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.text("field")).isEqualTo(field);
    }
  }
}

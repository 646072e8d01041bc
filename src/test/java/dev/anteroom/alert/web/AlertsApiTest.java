package dev.anteroom.alert.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.alert.Alert;
import dev.anteroom.alert.AlertEvaluator;
import dev.anteroom.alert.AlertKey;
import dev.anteroom.alert.AlertKind;
import dev.anteroom.alert.AlertStore;
import dev.anteroom.common.Ids;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

class AlertsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Autowired AlertEvaluator evaluator;
    @Autowired AlertStore store;

    /**
     * A paused queue with waiting visitors and its queue-length threshold: a number, 0 for "off"
     * (null in the API), or null to follow the global threshold.
     */
    private long pausedQueueWith(Tenant tenant, int visitors, Integer alertQueueLength) {
      long queue = newQueue(tenant, Map.of());
      Api owner = api().withKey(tenant.secretKey());
      assertThat(owner.post("/queues/" + queue + "/pause").status()).isEqualTo(200);
      for (int i = 0; i < visitors; i++) {
        Api.Answer joined = owner.post("/join", Map.of("queue_id", queue, "visitor_id", "v-" + i));
        assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      }
      threshold(tenant, queue, alertQueueLength);
      return queue;
    }

    /** Sets the threshold through the API, as an operator would; the alerts read it from memory. */
    private void threshold(Tenant tenant, long queue, Integer alertQueueLength) {
      Map<String, Object> change = new HashMap<>();
      if (alertQueueLength == null) {
        change.put("alert_queue_length_follows_global", true);
      } else {
        change.put("alert_queue_length", alertQueueLength == 0 ? null : alertQueueLength);
      }
      Api.Answer updated = api().withKey(tenant.secretKey()).put("/queues/" + queue, change);
      assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
    }

    private Alert saved(AlertKey key, Long application, Long queue, Instant startedAt) {
      Alert alert =
          new Alert(
              Ids.next(),
              key,
              application,
              queue,
              Alert.State.FIRING,
              "test alert",
              startedAt,
              startedAt,
              null,
              1);
      store.save(alert);
      return alert;
    }

    private static List<Long> ids(Api.Answer answer) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      return answer.json().get("items").valueStream().map(i -> i.get("id").asLong()).toList();
    }

    @Test
    void a_queue_above_its_own_threshold_fires_and_resolves_and_its_tenant_sees_it() {
      Tenant tenant = newTenant();
      long longQueue = pausedQueueWith(tenant, 3, 2);
      long switchedOff = pausedQueueWith(tenant, 3, 0);
      long followsGlobal = pausedQueueWith(tenant, 3, null);
      Api owner = api().withKey(tenant.secretKey());

      evaluator.evaluate(clock.instant());

      Api.Answer listed = owner.get("/dashboard/alerts");
      assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
      assertThat(listed.json().get("total").asLong()).isEqualTo(1);
      JsonNode alert = listed.json().get("items").get(0);
      assertThat(alert.get("kind").asString()).isEqualTo("queue_length");
      assertThat(alert.get("state").asString()).isEqualTo("firing");
      assertThat(alert.get("application_id").asLong()).isEqualTo(tenant.id());
      assertThat(alert.get("queue_id").asLong()).isEqualTo(longQueue);
      assertThat(alert.get("summary").asString())
          .contains("has 3 visitors waiting, above its" + " threshold of 2");
      assertThat(alert.get("notifications").asInt()).isEqualTo(1);
      assertThat(alert.get("resolved_at").isNull()).isTrue();
      assertThat(List.of(switchedOff, followsGlobal))
          .doesNotContain(alert.get("queue_id").asLong());

      threshold(tenant, longQueue, 10);
      step(Duration.ofSeconds(20));
      evaluator.evaluate(clock.instant());

      Api.Answer resolved = owner.get("/dashboard/alerts?state=resolved");
      assertThat(resolved.json().get("total").asLong()).isEqualTo(1);
      JsonNode after = resolved.json().get("items").get(0);
      assertThat(after.get("state").asString()).isEqualTo("resolved");
      assertThat(Instant.parse(after.get("resolved_at").asString())).isEqualTo(clock.instant());
      assertThat(after.get("notifications").asInt()).isEqualTo(2);
      assertThat(ids(owner.get("/dashboard/alerts?state=firing"))).isEmpty();
    }

    @Test
    void each_caller_sees_only_the_alerts_of_its_applications_and_super_admins_see_system_ones() {
      Tenant mine = newTenant();
      Tenant other = newTenant();
      Instant now = clock.instant();
      Alert myAlert =
          saved(
              AlertKey.ofApplication(AlertKind.CALLBACK_FAILURES, mine.id()), mine.id(), null, now);
      Alert otherAlert =
          saved(
              AlertKey.ofApplication(AlertKind.CALLBACK_FAILURES, other.id()),
              other.id(),
              null,
              now);
      Alert system =
          saved(AlertKey.ofSystem(AlertKind.RELEASE_LAG, unique("node")), null, null, now);

      assertThat(ids(api().withKey(mine.secretKey()).get("/dashboard/alerts")))
          .containsExactly(myAlert.id());

      Api bound = newAppAdmin(mine.id());
      assertThat(ids(bound.get("/dashboard/alerts"))).containsExactly(myAlert.id());
      assertThat(bound.get("/dashboard/alerts?application_id=" + other.id()).status())
          .isEqualTo(404);
      assertThat(
              api()
                  .withKey(mine.secretKey())
                  .get("/dashboard/alerts?application_id=" + other.id())
                  .status())
          .isEqualTo(404);

      List<Long> all = ids(superAdmin().get("/dashboard/alerts?size=100"));
      assertThat(all).contains(myAlert.id(), otherAlert.id(), system.id());
      assertThat(ids(superAdmin().get("/dashboard/alerts?kind=release_lag&size=100")))
          .contains(system.id())
          .doesNotContain(myAlert.id());

      Api.Answer publishable = api().withKey(mine.publishableKey()).get("/dashboard/alerts");
      assertThat(publishable.status()).isEqualTo(403);
      assertThat(api().get("/dashboard/alerts").status()).isEqualTo(401);
    }

    @Test
    void alerts_are_listed_newest_first_in_pages_and_filtered_by_queue_and_time() {
      Tenant tenant = newTenant();
      Instant t0 = clock.instant();
      Alert oldest = saved(AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, 11), tenant.id(), 11L, t0);
      Alert middle =
          saved(AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, 12), tenant.id(), 12L, t0.plusSeconds(60));
      Alert newest =
          saved(
              AlertKey.ofApplication(AlertKind.CALLBACK_FAILURES, tenant.id()),
              tenant.id(),
              null,
              t0.plusSeconds(120));
      Api owner = api().withKey(tenant.secretKey());

      Api.Answer first = owner.get("/dashboard/alerts?page=1&size=2");
      assertThat(ids(first)).containsExactly(newest.id(), middle.id());
      assertThat(first.json().get("total").asLong()).isEqualTo(3);
      assertThat(ids(owner.get("/dashboard/alerts?page=2&size=2"))).containsExactly(oldest.id());

      assertThat(ids(owner.get("/dashboard/alerts?queue_id=12"))).containsExactly(middle.id());
      assertThat(ids(owner.get("/dashboard/alerts?kind=callback_failures")))
          .containsExactly(newest.id());
      assertThat(ids(owner.get("/dashboard/alerts?to=" + t0.plusSeconds(60))))
          .containsExactly(oldest.id());
      assertThat(
              ids(
                  owner.get(
                      "/dashboard/alerts?from="
                          + t0.plusSeconds(30)
                          + "&to="
                          + t0.plusSeconds(90))))
          .containsExactly(middle.id(), oldest.id());
    }

    @Test
    void bad_filters_are_400s_naming_the_parameter() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey()).raw();

      assertThat(owner.get("/dashboard/alerts?state=open").text("field")).isEqualTo("state");
      assertThat(owner.get("/dashboard/alerts?kind=cpu").text("field")).isEqualTo("kind");
      assertThat(owner.get("/dashboard/alerts?from=yesterday").text("field")).isEqualTo("from");
      assertThat(owner.get("/dashboard/alerts?to=1700000000").text("field")).isEqualTo("to");
      assertThat(
              owner
                  .get("/dashboard/alerts?from=2026-05-02T00:00:00Z&to=2026-05-01T00:00:00Z")
                  .text("field"))
          .isEqualTo("to");
      assertThat(owner.get("/dashboard/alerts?application_id=abc").text("field"))
          .isEqualTo("application_id");
      assertThat(owner.get("/dashboard/alerts?queue_id=-").text("field")).isEqualTo("queue_id");
      Api.Answer tooBig = owner.get("/dashboard/alerts?size=1000");
      assertThat(tooBig.status()).isEqualTo(400);
      assertThat(tooBig.text("field")).isEqualTo("size");
      Api.Answer badState = owner.get("/dashboard/alerts?state=open");
      assertThat(badState.status()).isEqualTo(400);
      assertThat(badState.header("Content-Type")).startsWith("application/problem+json");
    }
  }
}

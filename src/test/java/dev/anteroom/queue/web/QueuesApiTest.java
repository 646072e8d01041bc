package dev.anteroom.queue.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QueuesApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void a_queue_created_with_only_a_name_takes_the_defaults() {
      Tenant tenant = newTenant();
      Api.Answer created =
          api().withKey(tenant.secretKey()).post("/queues", Map.of("name", "drop"));

      assertThat(created.status()).isEqualTo(201);
      var json = created.json();
      assertThat(json.get("application_id").asLong()).isEqualTo(tenant.id());
      assertThat(json.get("release_rate_per_minute").asInt()).isEqualTo(60);
      assertThat(json.get("max_active_users").isNull()).isTrue();
      assertThat(json.get("priority").asInt()).isEqualTo(5);
      assertThat(json.get("access_ttl_seconds").asInt()).isEqualTo(900);
      assertThat(json.get("idle_timeout_seconds").asInt()).isEqualTo(120);
      assertThat(json.get("queue_method").asString()).isEqualTo("fifo");
      assertThat(json.get("simulation").asBoolean()).isFalse();
      assertThat(json.get("paused").asBoolean()).isFalse();
      assertThat(json.get("state").asString()).isEqualTo("open");
    }

    @Test
    void every_setting_round_trips() {
      Tenant tenant = newTenant();
      Map<String, Object> settings = new HashMap<>();
      settings.put("name", "exam-registration");
      settings.put("release_rate_per_minute", 1200);
      settings.put("max_active_users", 5000);
      settings.put("priority", 9);
      settings.put("access_ttl_seconds", 600);
      settings.put("idle_timeout_seconds", 60);
      settings.put("callback_url", "https://exam.example/hook");
      settings.put("redirect_url", "https://exam.example/register");
      settings.put("opens_at", clock.instant().plus(Duration.ofHours(1)).toString());
      settings.put("closes_at", clock.instant().plus(Duration.ofHours(5)).toString());
      settings.put("queue_method", "random");
      settings.put("max_size", 100000);
      settings.put("simulation", true);

      Api.Answer created = api().withKey(tenant.secretKey()).post("/queues", settings);
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      Api.Answer read = api().withKey(tenant.secretKey()).get("/queues/" + created.id());

      settings.forEach(
          (field, value) ->
              assertThat(read.json().get(field).asString())
                  .as(field)
                  .isEqualTo(String.valueOf(value)));
      assertThat(read.text("state")).isEqualTo("scheduled");
    }

    @Test
    void an_admin_names_the_application_and_a_key_cannot_name_another() {
      Tenant tenant = newTenant();
      Tenant other = newTenant();

      Api.Answer withoutApplication = superAdmin().post("/queues", Map.of("name", "q"));
      assertThat(withoutApplication.status()).isEqualTo(400);
      assertThat(withoutApplication.text("field")).isEqualTo("application_id");

      Api.Answer byAdmin =
          superAdmin().post("/queues", Map.of("name", "q", "application_id", tenant.id()));
      assertThat(byAdmin.status()).isEqualTo(201);

      Api.Answer foreign =
          api()
              .withKey(tenant.secretKey())
              .post("/queues", Map.of("name", "q2", "application_id", other.id()));
      assertThat(foreign.status()).isEqualTo(404);
    }

    @Test
    void names_are_unique_per_application_only() {
      Tenant first = newTenant();
      Tenant second = newTenant();
      Api owner = api().withKey(first.secretKey());

      assertThat(owner.post("/queues", Map.of("name", "main")).status()).isEqualTo(201);
      assertThat(owner.post("/queues", Map.of("name", "main")).status()).isEqualTo(409);
      assertThat(api().withKey(second.secretKey()).post("/queues", Map.of("name", "main")).status())
          .isEqualTo(201);
    }

    @Test
    void a_deleted_queue_vanishes_and_frees_its_name() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey());
      long id = owner.post("/queues", Map.of("name", "gone")).id();

      assertThat(owner.delete("/queues/" + id).status()).isEqualTo(204);
      assertThat(owner.get("/queues/" + id).status()).isEqualTo(404);
      assertThat(owner.get("/queues").json().get("total").asLong()).isZero();
      assertThat(owner.post("/queues", Map.of("name", "gone")).status()).isEqualTo(201);
    }

    @Test
    void pause_and_resume_show_in_the_state() {
      Tenant tenant = newTenant();
      long id = newQueue(tenant, Map.of());
      Api owner = api().withKey(tenant.secretKey());

      Api.Answer paused = owner.post("/queues/" + id + "/pause");
      assertThat(paused.status()).isEqualTo(200);
      assertThat(paused.json().get("paused").asBoolean()).isTrue();
      assertThat(paused.text("state")).isEqualTo("paused");

      Api.Answer resumed = owner.post("/queues/" + id + "/resume");
      assertThat(resumed.json().get("paused").asBoolean()).isFalse();
      assertThat(resumed.text("state")).isEqualTo("open");
    }

    @Test
    void put_merges_and_validates_the_result() {
      Tenant tenant = newTenant();
      long id = newQueue(tenant, Map.of("max_active_users", 100, "priority", 2));
      Api owner = api().withKey(tenant.secretKey());

      Map<String, Object> changes = new HashMap<>();
      changes.put("release_rate_per_minute", 300);
      changes.put("max_active_users", null);
      Api.Answer updated = owner.put("/queues/" + id, changes);
      assertThat(updated.status()).isEqualTo(200);
      assertThat(updated.json().get("release_rate_per_minute").asInt()).isEqualTo(300);
      assertThat(updated.json().get("max_active_users").isNull()).isTrue();
      assertThat(updated.json().get("priority").asInt()).isEqualTo(2);

      Api.Answer invalid = owner.raw().put("/queues/" + id, Map.of("priority", 11));
      assertThat(invalid.status()).isEqualTo(400);
      assertThat(invalid.text("field")).isEqualTo("priority");
      assertThat(owner.get("/queues/" + id).json().get("release_rate_per_minute").asInt())
          .isEqualTo(300);

      Tenant other = newTenant();
      Api.Answer move = owner.put("/queues/" + id, Map.of("application_id", other.id()));
      assertThat(move.status()).isEqualTo(400);
      assertThat(move.text("field")).isEqualTo("application_id");
    }

    @Test
    void out_of_range_and_malformed_settings_are_refused_with_the_field() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey()).raw();

      assertRefused(
          owner, Map.of("name", "q", "release_rate_per_minute", 0), "release_rate_per_minute");
      assertRefused(
          owner,
          Map.of("name", "q", "release_rate_per_minute", 1_000_001),
          "release_rate_per_minute");
      assertRefused(owner, Map.of("name", "q", "priority", -1), "priority");
      assertRefused(owner, Map.of("name", "q", "queue_method", "lifo"), "queue_method");
      assertRefused(owner, Map.of("name", "q", "access_ttl_seconds", 5), "access_ttl_seconds");
      assertRefused(owner, Map.of("name", "q", "max_size", 0), "max_size");
      assertRefused(owner, Map.of("name", "q", "opens_at", "tomorrow"), "opens_at");
      assertRefused(owner, Map.of("name", "q", "simulation", "yes"), "simulation");
      assertRefused(
          owner, Map.of("name", "q", "release_rate_per_minute", 1.5), "release_rate_per_minute");
      assertRefused(
          owner,
          Map.of(
              "name", "q",
              "opens_at", "2030-01-02T00:00:00Z",
              "closes_at", "2030-01-01T00:00:00Z"),
          "closes_at");
      assertRefused(owner, Map.of("release_rate_per_minute", 10), "name");
    }

    @Test
    void lists_filter_by_application() {
      Tenant first = newTenant();
      Tenant second = newTenant();
      newQueue(first, Map.of());
      newQueue(first, Map.of());
      newQueue(second, Map.of());

      Api.Answer filtered = superAdmin().get("/queues?application_id=" + first.id());
      assertThat(filtered.json().get("total").asLong()).isEqualTo(2);
      filtered
          .json()
          .get("items")
          .forEach(q -> assertThat(q.get("application_id").asLong()).isEqualTo(first.id()));
      assertThat(api().withKey(second.secretKey()).get("/queues").json().get("total").asLong())
          .isEqualTo(1);
    }

    private static void assertRefused(Api owner, Map<String, Object> body, String field) {
      Api.Answer answer = owner.post("/queues", body);
      assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
      assertThat(answer.text("field")).as(answer.toString()).isEqualTo(field);
      assertThat(answer.text("detail")).contains(field);
    }
  }
}

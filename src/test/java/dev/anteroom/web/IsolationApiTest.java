package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Rule 4: one tenant's keys and admins get 404 for everything of another, whatever the method. */
class IsolationApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void another_tenants_key_gets_404_for_everything_and_changes_nothing() {
      Tenant victim = newTenant();
      long queue = newQueue(victim, Map.of("name", "victim-queue"));
      Tenant intruder = newTenant();

      assertAllNotFound(api().withKey(intruder.secretKey()), victim, queue);
      assertUntouched(victim, queue);
    }

    @Test
    void another_tenants_app_admin_gets_404_for_everything_and_changes_nothing() {
      Tenant victim = newTenant();
      long queue = newQueue(victim, Map.of("name", "victim-queue"));
      Tenant intruder = newTenant();
      String email = unique("intruder") + "@x.example";
      superAdmin()
          .post(
              "/admins",
              Map.of(
                  "email",
                  email,
                  "password",
                  "intruder-password",
                  "role",
                  "APP_ADMIN",
                  "application_ids",
                  List.of(intruder.id())));

      assertAllNotFound(api().withToken(login(email, "intruder-password")), victim, queue);
      assertUntouched(victim, queue);
    }

    private static void assertAllNotFound(Api intruder, Tenant victim, long queue) {
      String app = "/applications/" + victim.id();
      String q = "/queues/" + queue;
      List<Function<Api, Api.Answer>> attempts =
          List.of(
              a -> a.get(app),
              a -> a.post(q + "/simulate", Map.of("arrivals_per_minute", 10)),
              // An admin token is no credential for /join at all: raw, not a documented call.
              a -> a.raw().post("/join", Map.of("queue_id", queue)),
              a -> a.raw().post("/join", Map.of("queue_id", queue, "simulate", true)),
              a -> a.put(app, Map.of("name", "hijacked")),
              a -> a.delete(app),
              a -> a.post(app + "/rotate_keys"),
              a -> a.get(app + "/visitor_signing_key"),
              a -> a.get(q),
              a -> a.put(q, Map.of("release_rate_per_minute", 1)),
              a -> a.delete(q),
              a -> a.post(q + "/pause"),
              a -> a.post(q + "/resume"),
              a -> a.get("/queues?application_id=" + victim.id()),
              a -> a.post("/queues", Map.of("name", "planted", "application_id", victim.id())));
      for (int i = 0; i < attempts.size(); i++) {
        Api.Answer answer = attempts.get(i).apply(intruder);
        // Exactly what a missing application or queue answers, so existence does not leak.
        assertThat(answer.status()).as("attempt %d: %s", i, answer).isEqualTo(404);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("code")).as("attempt %d", i).isEqualTo("not_found");
      }
    }

    private void assertUntouched(Tenant victim, long queue) {
      Api owner = api().withKey(victim.secretKey());
      Api.Answer application = owner.get("/applications/" + victim.id());
      assertThat(application.status()).isEqualTo(200);
      assertThat(application.text("name")).isNotEqualTo("hijacked");
      Api.Answer q = owner.get("/queues/" + queue);
      assertThat(q.status()).isEqualTo(200);
      assertThat(q.json().get("release_rate_per_minute").asInt()).isEqualTo(60);
      assertThat(q.json().get("paused").asBoolean()).isFalse();
      assertThat(owner.get("/queues").json().get("total").asLong()).isEqualTo(1);
    }
  }
}

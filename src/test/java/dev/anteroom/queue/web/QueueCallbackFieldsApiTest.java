package dev.anteroom.queue.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A queue's callback_events and alert_queue_length: defaults, validation, PUT as a merge. */
class QueueCallbackFieldsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private static List<String> events(JsonNode queue) {
      return queue.get("callback_events").valueStream().map(JsonNode::asString).toList();
    }

    private static Map<String, Object> nullable(String field, Object value) {
      Map<String, Object> body = new HashMap<>();
      body.put(field, value);
      return body;
    }

    @Test
    void a_new_queue_sends_released_only_and_follows_the_global_threshold() {
      Tenant tenant = newTenant();
      Api.Answer created =
          api().withKey(tenant.secretKey()).post("/queues", Map.of("name", unique("q")));

      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(events(created.json())).containsExactly("visitor.released");
      assertThat(created.json().get("alert_queue_length").asInt()).isEqualTo(100);
      assertThat(created.json().get("alert_queue_length_follows_global").asBoolean()).isTrue();
    }

    @Test
    void listed_events_are_kept_once_each_and_released_is_always_among_them() {
      Tenant tenant = newTenant();
      Api.Answer created =
          api()
              .withKey(tenant.secretKey())
              .post(
                  "/queues",
                  Map.of(
                      "name",
                      unique("q"),
                      "callback_events",
                      List.of("visitor.completed", "visitor.expired", "visitor.expired")));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      Api.Answer read = api().withKey(tenant.secretKey()).get("/queues/" + created.id());

      assertThat(events(read.json()))
          .containsExactly("visitor.released", "visitor.expired", "visitor.completed");

      Api.Answer cleared =
          api()
              .withKey(tenant.secretKey())
              .put("/queues/" + created.id(), nullable("callback_events", null));
      assertThat(events(cleared.json())).containsExactly("visitor.released");
    }

    @Test
    void an_unknown_event_is_refused_by_name_and_nothing_is_stored() {
      Tenant tenant = newTenant();
      String name = unique("q");
      Api.Answer refused =
          api()
              .raw()
              .withKey(tenant.secretKey())
              .post(
                  "/queues",
                  Map.of("name", name, "callback_events", List.of("visitor.released", "joined")));

      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.text("field")).isEqualTo("callback_events");
      assertThat(refused.text("detail")).contains("'joined'");
      assertThat(
              api()
                  .withKey(tenant.secretKey())
                  .get("/queues?application_id=" + tenant.id())
                  .json()
                  .get("total")
                  .asInt())
          .isZero();
    }

    @Test
    void the_alert_threshold_overrides_turns_off_and_follows_the_global_one_again() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());
      long id = newQueue(tenant, Map.of("alert_queue_length", 250));
      assertThat(sk.get("/queues/" + id).json().get("alert_queue_length").asInt()).isEqualTo(250);

      JsonNode off = sk.put("/queues/" + id, nullable("alert_queue_length", null)).json();
      assertThat(off.get("alert_queue_length").isNull()).isTrue();
      assertThat(off.get("alert_queue_length_follows_global").asBoolean()).isFalse();

      JsonNode kept = sk.put("/queues/" + id, Map.of("priority", 7)).json();
      assertThat(kept.get("alert_queue_length").isNull()).isTrue();

      JsonNode following =
          sk.put("/queues/" + id, Map.of("alert_queue_length_follows_global", true)).json();
      assertThat(following.get("alert_queue_length").asInt()).isEqualTo(100);
      assertThat(following.get("alert_queue_length_follows_global").asBoolean()).isTrue();

      long off2 = newQueue(tenant, nullable("alert_queue_length", null));
      assertThat(sk.get("/queues/" + off2).json().get("alert_queue_length").isNull()).isTrue();
    }

    @Test
    void a_threshold_below_one_or_sent_with_follow_global_is_refused() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());
      long id = newQueue(tenant, Map.of("alert_queue_length", 250));

      for (Map<String, Object> bad :
          List.<Map<String, Object>>of(
              Map.of("alert_queue_length", 0),
              Map.of("alert_queue_length", 5, "alert_queue_length_follows_global", true))) {
        Api.Answer refused = api().raw().withKey(tenant.secretKey()).put("/queues/" + id, bad);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text("field")).isEqualTo("alert_queue_length");
      }
      assertThat(sk.get("/queues/" + id).json().get("alert_queue_length").asInt()).isEqualTo(250);
    }
  }
}

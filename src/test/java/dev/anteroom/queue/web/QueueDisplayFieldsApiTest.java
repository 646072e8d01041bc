package dev.anteroom.queue.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A queue's logo_url, title and message, which the hosted waiting page shows: set on create,
 * changed and cleared by PUT as a merge, refused with the field named, stored in each database.
 */
class QueueDisplayFieldsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private static Map<String, Object> nullable(String field, Object value) {
      Map<String, Object> body = new HashMap<>();
      body.put(field, value);
      return body;
    }

    @Test
    void a_new_queue_shows_none_of_them() {
      Tenant tenant = newTenant();
      Api.Answer created =
          api().withKey(tenant.secretKey()).post("/queues", Map.of("name", unique("q")));

      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.json().get("logo_url").isNull()).isTrue();
      assertThat(created.json().get("title").isNull()).isTrue();
      assertThat(created.json().get("message").isNull()).isTrue();
    }

    @Test
    void they_are_set_on_create_read_back_and_kept_by_a_put_that_leaves_them_out() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());
      long id =
          newQueue(
              tenant,
              Map.of(
                  "logo_url", "https://cdn.shop.example/logo.svg",
                  "title", "  Summer sale: الأحذية  ",
                  "message", "Doors open at 9.\r\nOne pair each, please.\n<b>no HTML</b>"));

      JsonNode read = sk.get("/queues/" + id).json();
      assertThat(read.get("logo_url").asString()).isEqualTo("https://cdn.shop.example/logo.svg");
      assertThat(read.get("title").asString()).isEqualTo("Summer sale: الأحذية");
      assertThat(read.get("message").asString())
          .isEqualTo("Doors open at 9.\nOne pair each, please.\n<b>no HTML</b>");

      JsonNode kept = sk.put("/queues/" + id, Map.of("release_rate_per_minute", 90)).json();
      assertThat(kept.get("title").asString()).isEqualTo("Summer sale: الأحذية");
      assertThat(kept.get("logo_url").asString()).isEqualTo("https://cdn.shop.example/logo.svg");
      JsonNode listed = sk.get("/queues?application_id=" + tenant.id()).json().get("items").get(0);
      assertThat(listed.get("message").asString()).startsWith("Doors open at 9.");
    }

    @Test
    void a_put_changes_one_and_null_clears_one() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());
      long id =
          newQueue(
              tenant,
              Map.of(
                  "logo_url", "https://cdn.shop.example/logo.svg",
                  "title", "Summer sale",
                  "message", "Be patient"));

      JsonNode changed = sk.put("/queues/" + id, Map.of("title", "Winter sale")).json();
      assertThat(changed.get("title").asString()).isEqualTo("Winter sale");
      assertThat(changed.get("message").asString()).isEqualTo("Be patient");

      JsonNode cleared = sk.put("/queues/" + id, nullable("logo_url", null)).json();
      assertThat(cleared.get("logo_url").isNull()).isTrue();
      assertThat(cleared.get("title").asString()).isEqualTo("Winter sale");
      JsonNode blank = sk.put("/queues/" + id, Map.of("message", "   ")).json();
      assertThat(blank.get("message").isNull()).as("blank text clears it").isTrue();
      assertThat(sk.get("/queues/" + id).json().get("message").isNull()).isTrue();
    }

    @Test
    void bad_values_are_refused_by_field_and_nothing_changes() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());
      long id = newQueue(tenant, Map.of("title", "Summer sale"));

      assertRefused(
          sk, id, Map.of("logo_url", "http://cdn.shop.example/logo.svg"), "logo_url", "https");
      assertRefused(sk, id, Map.of("logo_url", "javascript:alert(1)"), "logo_url", "https");
      assertRefused(
          sk, id, Map.of("logo_url", "https://u:p@cdn.shop.example/l.svg"), "logo_url", "user");
      assertRefused(sk, id, Map.of("title", "t".repeat(121)), "title", "at most 120");
      assertRefused(sk, id, Map.of("title", "a\u0000b"), "title", "control characters");
      assertRefused(sk, id, Map.of("message", "m".repeat(2001)), "message", "at most 2000");
      assertRefused(sk, id, Map.of("message", "tab\there"), "message", "control characters");

      JsonNode after = sk.get("/queues/" + id).json();
      assertThat(after.get("title").asString()).isEqualTo("Summer sale");
      assertThat(after.get("logo_url").isNull()).isTrue();
      assertThat(after.get("message").isNull()).isTrue();

      Api.Answer created =
          sk.raw()
              .post(
                  "/queues",
                  Map.of("name", unique("q"), "logo_url", "https://[2001:db8::1]/logo.svg"));
      assertThat(created.status()).as(created.toString()).isEqualTo(400);
      assertThat(created.text("field")).isEqualTo("logo_url");
    }

    private static void assertRefused(
        Api sk, long id, Map<String, Object> change, String field, String reason) {
      Api.Answer refused = sk.raw().put("/queues/" + id, change);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.text("field")).as(refused.toString()).isEqualTo(field);
      assertThat(refused.text("detail")).as(refused.toString()).contains(reason);
    }
  }
}

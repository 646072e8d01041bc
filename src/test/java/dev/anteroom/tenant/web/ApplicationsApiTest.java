package dev.anteroom.tenant.web;

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

class ApplicationsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void creating_an_application_shows_its_keys_once() {
      String name = unique("shop");
      Api.Answer created =
          superAdmin()
              .post(
                  "/applications",
                  Map.of(
                      "name",
                      name,
                      "description",
                      "Summer sale",
                      "callback_url",
                      "https://shop.example/anteroom",
                      "allowed_origins",
                      List.of("https://Shop.Example", "https://m.shop.example:8443"),
                      "max_release_rate_per_minute",
                      1200));

      assertThat(created.status()).isEqualTo(201);
      assertThat(created.text("name")).isEqualTo(name);
      assertThat(created.text("secret_key")).startsWith("sk_").hasSizeGreaterThan(40);
      assertThat(created.text("publishable_key")).startsWith("pk_").hasSizeGreaterThan(40);
      assertThat(created.text("visitor_signing_key")).startsWith("vsk_").hasSize(47);
      assertThat(created.json().get("allowed_origins").toString())
          .isEqualTo("[\"https://shop.example\",\"https://m.shop.example:8443\"]");
      assertThat(created.json().get("max_release_rate_per_minute").asInt()).isEqualTo(1200);

      Api.Answer read = superAdmin().get("/applications/" + created.id());
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.json().has("secret_key")).isFalse();
      assertThat(read.json().has("publishable_key")).isFalse();
      assertThat(read.json().has("visitor_signing_key")).isFalse();
      assertThat(read.text("created_at")).isEqualTo(created.text("created_at"));
    }

    @Test
    void origins_are_stored_as_browsers_send_them() {
      Api.Answer created =
          superAdmin()
              .post(
                  "/applications",
                  Map.of(
                      "name",
                      unique("origins"),
                      "allowed_origins",
                      List.of(
                          "https://Shop.Example:443/",
                          "http://shop.example:80",
                          "http://shop.example:8080",
                          "*")));

      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.json().get("allowed_origins").toString())
          .isEqualTo(
              "[\"https://shop.example\",\"http://shop.example\",\"http://shop.example:8080\",\"*\"]");
      for (String bad : List.of("https://shop.example/checkout", "https://shop.example/?a=1")) {
        Api.Answer refused =
            superAdmin()
                .post(
                    "/applications", Map.of("name", unique("x"), "allowed_origins", List.of(bad)));
        Api.Answer changed =
            superAdmin()
                .put("/applications/" + created.id(), Map.of("allowed_origins", List.of(bad)));
        for (Api.Answer answer : List.of(refused, changed)) {
          assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
          assertThat(answer.text("field")).isEqualTo("allowed_origins");
        }
      }
    }

    @Test
    void the_secret_key_manages_its_own_application() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey());

      assertThat(owner.get("/applications/" + tenant.id()).status()).isEqualTo(200);
      Api.Answer list = owner.get("/applications");
      assertThat(list.json().get("total").asLong()).isEqualTo(1);
      assertThat(list.json().get("items").get(0).get("id").asLong()).isEqualTo(tenant.id());

      Api.Answer renamed =
          owner.put("/applications/" + tenant.id(), Map.of("description", "renamed"));
      assertThat(renamed.status()).isEqualTo(200);
      assertThat(renamed.text("description")).isEqualTo("renamed");
    }

    @Test
    void names_are_unique_among_live_applications_and_free_again_after_deletion() {
      String name = unique("unique");
      Api.Answer first = superAdmin().post("/applications", Map.of("name", name));
      assertThat(first.status()).isEqualTo(201);

      Api.Answer duplicate = superAdmin().post("/applications", Map.of("name", name));
      assertThat(duplicate.status()).isEqualTo(409);
      assertThat(duplicate.header("Content-Type")).startsWith("application/problem+json");
      assertThat(duplicate.text("detail")).contains(name);

      assertThat(superAdmin().delete("/applications/" + first.id()).status()).isEqualTo(204);
      assertThat(superAdmin().get("/applications/" + first.id()).status()).isEqualTo(404);
      assertThat(superAdmin().delete("/applications/" + first.id()).status()).isEqualTo(404);

      Api.Answer reused = superAdmin().post("/applications", Map.of("name", name));
      assertThat(reused.status()).isEqualTo(201);
      assertThat(reused.id()).isNotEqualTo(first.id());
    }

    @Test
    void a_deleted_application_vanishes_with_its_keys_and_queues() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());

      assertThat(superAdmin().delete("/applications/" + tenant.id()).status()).isEqualTo(204);

      assertThat(api().withKey(tenant.secretKey()).get("/queues").status()).isEqualTo(401);
      assertThat(superAdmin().get("/queues/" + queue).status()).isEqualTo(404);
      String listed = superAdmin().get("/applications?size=100").body();
      assertThat(listed).doesNotContain(Long.toString(tenant.id()));
    }

    @Test
    void rotation_replaces_both_keys_at_once() {
      Tenant tenant = newTenant();

      Api.Answer rotated =
          api().withKey(tenant.secretKey()).post("/applications/" + tenant.id() + "/rotate_keys");
      assertThat(rotated.status()).isEqualTo(200);
      String newSecret = rotated.text("secret_key");
      assertThat(newSecret).startsWith("sk_").isNotEqualTo(tenant.secretKey());
      assertThat(rotated.text("publishable_key"))
          .startsWith("pk_")
          .isNotEqualTo(tenant.publishableKey());
      assertThat(rotated.text("visitor_signing_key"))
          .startsWith("vsk_")
          .isNotEqualTo(tenant.visitorSigningKey());

      Api.Answer old = api().withKey(tenant.secretKey()).get("/applications/" + tenant.id());
      assertThat(old.status()).isEqualTo(401);
      assertThat(api().withKey(newSecret).get("/applications/" + tenant.id()).status())
          .isEqualTo(200);
    }

    @Test
    void the_visitor_signing_key_can_be_read_again_server_side_only() {
      Tenant tenant = newTenant();
      String path = "/applications/" + tenant.id() + "/visitor_signing_key";

      Api.Answer read = api().withKey(tenant.secretKey()).get(path);
      assertThat(read.status()).isEqualTo(200);
      assertThat(read.text("visitor_signing_key")).isEqualTo(tenant.visitorSigningKey());
      assertThat(read.json().get("application_id").asLong()).isEqualTo(tenant.id());
      assertThat(read.header("Cache-Control")).contains("no-store");
      assertThat(superAdmin().get(path).text("visitor_signing_key"))
          .isEqualTo(tenant.visitorSigningKey());
      assertThat(api().withKey(tenant.publishableKey()).get(path).status()).isEqualTo(403);
      assertThat(api().get(path).status()).isEqualTo(401);

      Api.Answer rotated =
          api().withKey(tenant.secretKey()).post("/applications/" + tenant.id() + "/rotate_keys");
      assertThat(api().withKey(rotated.text("secret_key")).get(path).text("visitor_signing_key"))
          .isEqualTo(rotated.text("visitor_signing_key"));
    }

    @Test
    void put_changes_only_the_fields_it_sends_and_null_clears_an_optional_one() {
      Api.Answer created =
          superAdmin()
              .post(
                  "/applications",
                  Map.of(
                      "name",
                      unique("merge"),
                      "description",
                      "keep me",
                      "max_release_rate_per_minute",
                      600));
      String path = "/applications/" + created.id();

      Map<String, Object> changes = new HashMap<>();
      changes.put("max_release_rate_per_minute", null);
      changes.put("callback_url", "https://hooks.example/cb");
      Api.Answer updated = superAdmin().put(path, changes);

      assertThat(updated.status()).isEqualTo(200);
      assertThat(updated.text("description")).isEqualTo("keep me");
      assertThat(updated.json().get("max_release_rate_per_minute").isNull()).isTrue();
      assertThat(updated.text("callback_url")).isEqualTo("https://hooks.example/cb");
    }

    @Test
    void lists_are_paged() {
      for (int i = 0; i < 3; i++) {
        newTenant();
      }
      Api.Answer first = superAdmin().get("/applications?page=1&size=2");
      assertThat(first.status()).isEqualTo(200);
      assertThat(first.json().get("items").size()).isEqualTo(2);
      assertThat(first.json().get("page").asInt()).isEqualTo(1);
      assertThat(first.json().get("size").asInt()).isEqualTo(2);
      long total = first.json().get("total").asLong();
      assertThat(total).isGreaterThanOrEqualTo(3);

      Api.Answer second = superAdmin().get("/applications?page=2&size=2");
      assertThat(second.json().get("items").get(0).get("id").asLong())
          .isNotEqualTo(first.json().get("items").get(0).get("id").asLong())
          .isNotEqualTo(first.json().get("items").get(1).get("id").asLong());

      Api.Answer tooBig = superAdmin().get("/applications?size=1000");
      assertThat(tooBig.status()).isEqualTo(400);
      assertThat(tooBig.text("field")).isEqualTo("size");
    }

    @Test
    void bad_fields_are_named_in_the_answer() {
      assertField(Map.of("description", "no name"), "name");
      assertField(Map.of("name", unique("x"), "callback_url", "ftp://x.example"), "callback_url");
      assertField(
          Map.of("name", unique("x"), "allowed_origins", List.of("https://a.example/path")),
          "allowed_origins");
      assertField(
          Map.of("name", unique("x"), "max_release_rate_per_minute", 0),
          "max_release_rate_per_minute");
      assertField(Map.of("name", "x".repeat(201)), "name");
    }

    @Test
    void only_a_super_admin_creates_and_deletes_applications() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey());

      assertThat(owner.post("/applications", Map.of("name", unique("x"))).status()).isEqualTo(403);
      assertThat(owner.delete("/applications/" + tenant.id()).status()).isEqualTo(403);
      assertThat(api().withKey(tenant.publishableKey()).get("/applications").status())
          .isEqualTo(403);
      assertThat(api().raw().post("/applications", Map.of("name", unique("x"))).status())
          .isEqualTo(401);
    }

    private void assertField(Map<String, Object> body, String field) {
      Api.Answer answer = superAdmin().raw().post("/applications", body);
      assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.text("field")).isEqualTo(field);
      assertThat(answer.text("detail")).contains(field);
    }
  }
}

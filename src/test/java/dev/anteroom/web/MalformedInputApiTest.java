package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import dev.anteroom.support.RawHttp;
import java.net.URLEncoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Malformed input of every kind a fuzz found answered 5xx, with Tomcat's HTML page or with a guess:
 * each is a 4xx {@code application/problem+json} that says what was wrong.
 */
class MalformedInputApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void malformed_percent_encoding_in_a_query_string_is_a_400_naming_the_parameter() {
      Map<String, String> admin =
          Map.of("Authorization", "Bearer " + login(ADMIN_EMAIL, ADMIN_PASSWORD));
      Map<String, String> faults =
          Map.of(
              "/queue_status?token=%zz", "token",
              "/queue_status/stream?token=%zz", "token",
              "/queues?page=%", "page",
              "/applications?page=1&size=%ff%fe", "size",
              "/admins?page=%e2%82", "page",
              "/health?x=%ff%fe", "x",
              "/metrics?x=%zz", "x",
              "/join?visitor=%c0%af", "visitor",
              "/docs/openapi.json?q=%00", "q");
      faults.forEach(
          (target, parameter) -> {
            RawHttp.Answer answer = new RawHttp(port).send("GET", target, admin, null);
            assertRawProblem(answer, 400);
            assertThat(answer.text("field")).as(target).isEqualTo(parameter);
            assertThat(answer.text("detail")).as(target).contains("'" + parameter + "'");
          });
    }

    @Test
    void a_password_longer_than_72_bytes_is_a_400_naming_the_password() {
      Api admin = superAdmin().raw();
      String ascii73 = "p".repeat(73);
      String multibyte = "é".repeat(37); // 37 characters, 74 bytes
      for (String password : List.of(ascii73, multibyte, "p".repeat(128))) {
        Api.Answer answer = admin.post("/admins", newAdmin(password));
        assertProblem(answer, 400);
        assertThat(answer.text("field")).isEqualTo("password");
        assertThat(answer.text("detail")).contains("72 bytes");
      }
      assertThat(admin.post("/admins", newAdmin("p".repeat(72))).status()).isEqualTo(201);
      assertThat(admin.post("/admins", newAdmin("é".repeat(36))).status()).isEqualTo(201);
      assertProblem(admin.post("/admins", newAdmin("p".repeat(11))), 400);
    }

    /** BCrypt refuses more than 72 bytes when hashing; a sign-in must not reach that refusal. */
    @Test
    void a_sign_in_with_a_password_over_72_bytes_is_the_usual_401() {
      Api.Answer answer =
          api().post("/auth/login", Map.of("email", ADMIN_EMAIL, "password", "p".repeat(100)));
      assertProblem(answer, 401);
    }

    @Test
    void the_error_path_called_directly_is_a_404_and_is_not_documented() {
      assertProblem(api().raw().get("/error"), 404);
      assertProblem(api().raw().post("/error", Map.of()), 404);
      assertThat(api().get("/docs/openapi.json").json().get("paths").has("/error")).isFalse();
    }

    @Test
    void paths_tomcat_refuses_are_problems_not_html_pages() {
      RawHttp raw = new RawHttp(port);
      for (String target :
          List.of(
              "/queues/%00",
              "/queues/%zz",
              "/queues/..%2f..%2fadmins",
              "/queues/%5c",
              "/applications/%",
              "/queue_status%00?token=x",
              "/queues/{id}",
              "/queues/a b",
              "/../../etc/passwd",
              "/queues/\u00ff")) {
        RawHttp.Answer answer = raw.get(target);
        assertRawProblem(answer, 400);
        assertThat(answer.body()).doesNotContain("Tomcat").doesNotContain("<html");
      }
    }

    @Test
    void control_characters_in_a_login_email_are_a_400_naming_the_email() {
      for (String email : List.of("root\u0000@anteroom.test", "\u0000", "a\u0007@b.example")) {
        Api.Answer answer = api().post("/auth/login", Map.of("email", email, "password", "x"));
        assertProblem(answer, 400);
        assertThat(answer.text("field")).isEqualTo("email");
      }
    }

    @Test
    void a_schedule_accepts_only_iso_8601_strings() {
      Tenant tenant = newTenant();
      Api owner = api().withKey(tenant.secretKey()).raw();
      for (String value : List.of("1e308", "1700000000", "1.5", "-1", "true", "\"1700000000\"")) {
        for (String field : List.of("opens_at", "closes_at")) {
          String body = "{\"name\":\"" + unique("q") + "\",\"" + field + "\":" + value + "}";
          Api.Answer answer = owner.send("POST", "/queues", body, "application/json");
          assertProblem(answer, 400);
          assertThat(answer.text("field")).as(body).isEqualTo(field);
          assertThat(answer.text("detail")).as(body).contains(field);
        }
      }
      long queue = newQueue(tenant, Map.of("opens_at", "2030-05-01T09:00:00Z"));
      Api.Answer changed = owner.put("/queues/" + queue, Map.of("closes_at", 1900000000));
      assertProblem(changed, 400);
      assertThat(changed.text("field")).isEqualTo("closes_at");
      assertThat(owner.get("/queues/" + queue).text("opens_at")).isEqualTo("2030-05-01T09:00:00Z");
    }

    @Test
    void ids_are_ascii_digits_only() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      Api owner = api().withKey(tenant.secretKey()).raw();
      assertThat(owner.get("/queues/" + queue).status()).isEqualTo(200);
      for (String spelling :
          List.of(
              fullWidth(queue),
              " " + queue,
              queue + " ",
              "+" + queue,
              "0x" + Long.toHexString(queue),
              "#" + Long.toHexString(queue))) {
        String encoded = URLEncoder.encode(spelling, StandardCharsets.UTF_8);
        Api.Answer answer = owner.get("/queues/" + encoded.replace("+", "%20"));
        assertProblem(answer, 400);
        assertThat(answer.text("field")).as(spelling).isEqualTo("id");
      }
      Api admin = superAdmin().raw();
      Api.Answer filtered =
          admin.get(
              "/queues?application_id="
                  + URLEncoder.encode(fullWidth(tenant.id()), StandardCharsets.UTF_8));
      assertProblem(filtered, 400);
      assertThat(filtered.text("field")).isEqualTo("application_id");
      Api.Answer page = admin.get("/queues?page=%EF%BC%91");
      assertProblem(page, 400);
      assertThat(page.text("field")).isEqualTo("page");

      Api.Answer joined =
          api()
              .raw()
              .withKey(tenant.publishableKey())
              .send(
                  "POST",
                  "/join",
                  "{\"queue_id\":\"" + fullWidth(queue) + "\"}",
                  "application/json");
      assertProblem(joined, 400);
      assertThat(joined.text("field")).isEqualTo("queue_id");
    }

    @Test
    void a_body_in_another_charset_than_utf8_is_a_415() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = login(ADMIN_EMAIL, ADMIN_PASSWORD);
      Map<String, String> admin = Map.of("Authorization", "Bearer " + token);
      Map<String, String> owner = Map.of("X-API-Key", tenant.secretKey());
      record Case(String path, Map<String, String> headers, String body, Charset charset) {}
      for (Case c :
          List.of(
              new Case(
                  "/applications",
                  admin,
                  "{\"name\":\"" + unique("a") + "\"}",
                  StandardCharsets.UTF_16),
              new Case(
                  "/queues",
                  owner,
                  "{\"name\":\"" + unique("q") + "\"}",
                  StandardCharsets.ISO_8859_1),
              new Case("/join", owner, "{\"queue_id\":" + queue + "}", StandardCharsets.UTF_16),
              new Case(
                  "/join", owner, "{\"queue_id\":" + queue + "}", StandardCharsets.ISO_8859_1))) {
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        headers.put("Content-Type", "application/json; charset=" + c.charset().name());
        RawHttp.Answer answer =
            new RawHttp(port).send("POST", c.path(), headers, c.body().getBytes(c.charset()));
        assertThat(answer.status())
            .as(c.path() + " " + c.charset() + " -> " + answer)
            .isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.text("detail")).contains("UTF-8");
      }
      Map<String, String> utf8 = new LinkedHashMap<>(owner);
      utf8.put("Content-Type", "application/json; charset=UTF-8");
      RawHttp.Answer fine =
          new RawHttp(port)
              .send(
                  "POST",
                  "/queues",
                  utf8,
                  ("{\"name\":\"" + unique("q") + "\"}").getBytes(StandardCharsets.UTF_8));
      assertThat(fine.status()).as(fine.toString()).isEqualTo(201);
    }

    private static String fullWidth(long id) {
      StringBuilder out = new StringBuilder();
      for (char c : Long.toString(id).toCharArray()) {
        out.append((char) ('\uFF10' + (c - '0')));
      }
      return out.toString();
    }

    private static Map<String, Object> newAdmin(String password) {
      return Map.of(
          "email", unique("ops") + "@shop.example", "password", password, "role", "SUPER_ADMIN");
    }

    static void assertRawProblem(RawHttp.Answer answer, int status) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
      assertThat(answer.header("Content-Type"))
          .as(answer.toString())
          .startsWith("application/problem+json");
      assertThat(answer.json().get("status").asInt()).as(answer.toString()).isEqualTo(status);
      assertThat(answer.text("detail")).as(answer.toString()).isNotBlank();
      assertThat(answer.text("code")).as(answer.toString()).isNotBlank();
    }

    static void assertProblem(Api.Answer answer, int status) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
      assertThat(answer.header("Content-Type"))
          .as(answer.toString())
          .startsWith("application/problem+json");
      assertThat(answer.json().get("status").asInt()).isEqualTo(status);
      assertThat(answer.text("detail")).isNotBlank();
      assertThat(answer.text("code")).isNotBlank();
    }
  }
}

package dev.anteroom.tenant.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdminsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void login_answers_a_bearer_token() {
      Api.Answer answer =
          api().post("/auth/login", Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD));

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.text("token_type")).isEqualTo("bearer");
      assertThat(answer.json().get("expires_in").asLong()).isEqualTo(3600);
      assertThat(answer.text("access_token").split("\\.")).hasSize(3);
    }

    @Test
    void a_wrong_password_or_unknown_email_get_the_same_401() {
      Api.Answer wrongPassword =
          api().post("/auth/login", Map.of("email", ADMIN_EMAIL, "password", "nope-nope-nope"));
      Api.Answer unknownEmail =
          api().post("/auth/login", Map.of("email", "who@x.example", "password", ADMIN_PASSWORD));

      assertThat(wrongPassword.status()).isEqualTo(401);
      assertThat(unknownEmail.status()).isEqualTo(401);
      assertThat(wrongPassword.text("detail")).isEqualTo(unknownEmail.text("detail"));
      assertThat(wrongPassword.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void a_tampered_or_expired_token_is_refused() {
      String token = login(ADMIN_EMAIL, ADMIN_PASSWORD);
      String[] parts = token.split("\\.");
      String forged = parts[0] + "." + parts[1] + "." + flip(parts[2]);

      assertThat(api().withToken(forged).get("/applications").status()).isEqualTo(401);
      assertThat(api().withToken("not-a-jwt").get("/applications").status()).isEqualTo(401);
      assertThat(api().withToken(token).get("/applications").status()).isEqualTo(200);

      clock.tick(Duration.ofHours(1).plusSeconds(1));
      Api.Answer expired = api().withToken(token).get("/applications");
      assertThat(expired.status()).isEqualTo(401);
      assertThat(expired.text("detail")).contains("expired");
    }

    @Test
    void an_app_admin_sees_and_changes_only_their_applications() {
      Tenant mine = newTenant();
      Tenant theirs = newTenant();
      long myQueue = newQueue(mine, Map.of());
      long theirQueue = newQueue(theirs, Map.of());
      String email = unique("ops") + "@shop.example";
      Api.Answer created =
          superAdmin()
              .post(
                  "/admins",
                  Map.of(
                      "email",
                      email,
                      "password",
                      "a-long-password-1",
                      "role",
                      "APP_ADMIN",
                      "application_ids",
                      List.of(mine.id())));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      assertThat(created.text("role")).isEqualTo("APP_ADMIN");
      assertThat(created.json().has("password")).isFalse();
      Api appAdmin = api().withToken(login(email, "a-long-password-1"));

      Api.Answer applications = appAdmin.get("/applications");
      assertThat(applications.json().get("total").asLong()).isEqualTo(1);
      assertThat(appAdmin.get("/applications/" + mine.id()).status()).isEqualTo(200);
      assertThat(appAdmin.get("/applications/" + theirs.id()).status()).isEqualTo(404);
      assertThat(appAdmin.get("/queues/" + myQueue).status()).isEqualTo(200);
      assertThat(appAdmin.get("/queues/" + theirQueue).status()).isEqualTo(404);
      assertThat(
              appAdmin
                  .post("/queues", Map.of("name", "by-admin", "application_id", mine.id()))
                  .status())
          .isEqualTo(201);
      assertThat(
              appAdmin
                  .post("/queues", Map.of("name", "by-admin", "application_id", theirs.id()))
                  .status())
          .isEqualTo(404);
      assertThat(appAdmin.post("/applications", Map.of("name", unique("x"))).status())
          .isEqualTo(403);
      assertThat(appAdmin.get("/admins").status()).isEqualTo(403);
    }

    @Test
    void a_deleted_admin_is_locked_out_at_once() {
      String email = unique("temp") + "@shop.example";
      long id =
          superAdmin()
              .post(
                  "/admins",
                  Map.of("email", email, "password", "a-long-password-2", "role", "SUPER_ADMIN"))
              .id();
      Api admin = api().withToken(login(email, "a-long-password-2"));
      assertThat(admin.get("/admins").status()).isEqualTo(200);

      assertThat(superAdmin().delete("/admins/" + id).status()).isEqualTo(204);

      assertThat(admin.get("/admins").status()).isEqualTo(401);
      assertThat(
              api()
                  .post("/auth/login", Map.of("email", email, "password", "a-long-password-2"))
                  .status())
          .isEqualTo(401);
    }

    @Test
    void emails_are_unique_and_admin_input_is_validated() {
      String email = unique("dup") + "@shop.example";
      Map<String, Object> admin =
          Map.of("email", email, "password", "a-long-password-3", "role", "SUPER_ADMIN");
      assertThat(superAdmin().post("/admins", admin).status()).isEqualTo(201);
      assertThat(superAdmin().post("/admins", admin).status()).isEqualTo(409);

      assertRefused(
          Map.of("email", "nope", "password", "a-long-password", "role", "SUPER_ADMIN"), "email");
      assertRefused(
          Map.of("email", "a@b.example", "password", "short", "role", "SUPER_ADMIN"), "password");
      assertRefused(
          Map.of("email", "a@b.example", "password", "a-long-password", "role", "KING"), "role");
      assertRefused(
          Map.of("email", "a@b.example", "password", "a-long-password", "role", "APP_ADMIN"),
          "application_ids");
      assertRefused(
          Map.of(
              "email", "a@b.example",
              "password", "a-long-password",
              "role", "APP_ADMIN",
              "application_ids", List.of(42)),
          "application_ids");
    }

    @Test
    void admins_are_listed_without_secrets() {
      Api.Answer list = superAdmin().get("/admins");
      assertThat(list.status()).isEqualTo(200);
      assertThat(list.json().get("total").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(list.body()).doesNotContain("password").doesNotContain("$2a$");
    }

    private void assertRefused(Map<String, Object> body, String field) {
      Api.Answer answer = superAdmin().raw().post("/admins", body);
      assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
      assertThat(answer.text("field")).isEqualTo(field);
    }

    private static String flip(String signature) {
      char first = signature.charAt(0);
      return (first == 'A' ? 'B' : 'A') + signature.substring(1);
    }
  }
}

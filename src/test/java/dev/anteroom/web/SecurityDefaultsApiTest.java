package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * What a production node refuses by default: password guessing, API-key guessing and browser keys
 * used from origins their application never named. Each test speaks from client addresses of its
 * own, set through {@code X-Forwarded-For}, which the node believes here because the test enables
 * the documented opt-in ({@code server.forward-headers-strategy=native}) and calls from loopback.
 */
class SecurityDefaultsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  @TestPropertySource(
      properties = {"anteroom.profile=production", "server.forward-headers-strategy=native"})
  abstract static class Contract extends ApiTestBase {

    private Api from(String address) {
      return api().with("X-Forwarded-For", address);
    }

    private static Map<String, String> credentials(String email, String password) {
      return Map.of("email", email, "password", password);
    }

    @Test
    void the_sixth_wrong_password_for_one_email_waits_and_so_does_the_right_one() {
      String email = unique("ops") + "@shop.example";
      Api.Answer created =
          superAdmin()
              .post(
                  "/admins",
                  Map.of("email", email, "password", "the-right-password", "role", "SUPER_ADMIN"));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      Api guesser = from("198.51.100.1");

      for (int attempt = 1; attempt <= 5; attempt++) {
        assertThat(guesser.post("/auth/login", credentials(email, "guess-" + attempt)).status())
            .isEqualTo(401);
      }
      Api.Answer sixth = guesser.post("/auth/login", credentials(email, "guess-6"));

      assertThat(sixth.status()).as(sixth.toString()).isEqualTo(429);
      assertThat(sixth.header("Content-Type")).startsWith("application/problem+json");
      assertThat(sixth.header("Retry-After")).isEqualTo("10");
      assertThat(sixth.text("code")).isEqualTo("login_throttled");
      Api owner = from("198.51.100.2");
      assertThat(owner.post("/auth/login", credentials(email, "the-right-password")).status())
          .as("the right password waits too, from any address")
          .isEqualTo(429);

      assertThat(owner.post("/auth/login", credentials(ADMIN_EMAIL, ADMIN_PASSWORD)).status())
          .as("other emails are unaffected")
          .isEqualTo(200);
      assertThat(guesser.post("/auth/login", credentials(ADMIN_EMAIL, ADMIN_PASSWORD)).status())
          .isEqualTo(200);

      clock.tick(Duration.ofSeconds(10));
      assertThat(owner.post("/auth/login", credentials(email, "the-right-password")).status())
          .isEqualTo(200);
    }

    @Test
    void one_address_guessing_many_emails_waits_while_other_addresses_do_not() {
      Api hammer = from("198.51.100.4");
      for (int attempt = 1; attempt <= 20; attempt++) {
        String email = unique("who") + "@shop.example";
        assertThat(hammer.post("/auth/login", credentials(email, "guess")).status()).isEqualTo(401);
      }

      Api.Answer refused =
          hammer.post("/auth/login", credentials(unique("who") + "@shop.example", "guess"));
      assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isEqualTo("3");
      assertThat(hammer.post("/auth/login", credentials(ADMIN_EMAIL, ADMIN_PASSWORD)).status())
          .isEqualTo(429);
      assertThat(
              from("198.51.100.5")
                  .post("/auth/login", credentials(ADMIN_EMAIL, ADMIN_PASSWORD))
                  .status())
          .isEqualTo(200);

      clock.tick(Duration.ofSeconds(3));
      assertThat(hammer.post("/auth/login", credentials(ADMIN_EMAIL, ADMIN_PASSWORD)).status())
          .isEqualTo(200);
    }

    @Test
    void guessing_api_keys_from_one_address_waits_while_other_addresses_do_not() {
      Api guesser = from("198.51.100.6");
      for (int attempt = 1; attempt <= 20; attempt++) {
        assertThat(guesser.withKey(aBogusKey()).get("/queues").status()).isEqualTo(401);
      }

      Api.Answer refused = guesser.withKey(aBogusKey()).get("/queues");
      assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
      assertThat(refused.header("Retry-After")).isEqualTo("1");
      assertThat(refused.text("code")).isEqualTo("api_key_throttled");
      assertThat(from("198.51.100.7").withKey(aBogusKey()).get("/queues").status()).isEqualTo(401);

      clock.tick(Duration.ofSeconds(1));
      assertThat(guesser.withKey(aBogusKey()).get("/queues").status()).isEqualTo(401);
    }

    @Test
    void a_browser_key_needs_allowed_origins_in_production() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      Map<String, Object> join = Map.of("queue_id", queue);

      Api.Answer refused =
          api()
              .withKey(tenant.publishableKey())
              .with("Origin", "https://shop.example")
              .post("/join", join);
      assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.text("code")).isEqualTo("origin_not_allowed");
      assertThat(refused.text("detail")).contains("allowed_origins");
      assertThat(api().withKey(tenant.publishableKey()).post("/join", join).status())
          .as("a request without Origin does not come from a browser page")
          .isEqualTo(201);

      Api.Answer listed =
          api()
              .withKey(tenant.secretKey())
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("allowed_origins", List.of("https://Shop.Example:443/")));
      assertThat(listed.json().get("allowed_origins").toString())
          .isEqualTo("[\"https://shop.example\"]");
      for (String origin : List.of("https://shop.example", "https://shop.example:443")) {
        assertThat(
                api()
                    .withKey(tenant.publishableKey())
                    .with("Origin", origin)
                    .post("/join", join)
                    .status())
            .as(origin)
            .isEqualTo(201);
      }
      assertThat(
              api()
                  .withKey(tenant.publishableKey())
                  .with("Origin", "https://evil.example")
                  .post("/join", join)
                  .status())
          .isEqualTo(403);
    }

    private static String aBogusKey() {
      return "sk_" + UUID.randomUUID().toString().replace("-", "");
    }
  }
}

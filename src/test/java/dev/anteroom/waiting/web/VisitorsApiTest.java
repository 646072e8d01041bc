package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
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

class VisitorsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private Api.Answer join(String key, long queue, Map<String, Object> extra) {
      Map<String, Object> body = new HashMap<>(extra);
      body.put("queue_id", queue);
      return api().withKey(key).post("/join", body);
    }

    private Api.Answer status(String token) {
      return api().get("/queue_status?token=" + token);
    }

    @Test
    void a_join_answers_a_token_an_exact_place_and_a_wait() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));

      Api.Answer first = join(tenant.publishableKey(), queue, Map.of());
      Api.Answer second = join(tenant.publishableKey(), queue, Map.of());

      assertThat(first.status()).isEqualTo(201);
      assertThat(first.text("token")).hasSize(43);
      assertThat(first.text("status")).isEqualTo("waiting");
      assertThat(first.json().get("position").asInt()).isEqualTo(1);
      assertThat(second.json().get("position").asInt()).isEqualTo(2);
      assertThat(second.json().get("eta_seconds").asLong()).isEqualTo(2);
      assertThat(second.json().get("poll_after_seconds").asInt()).isBetween(1, 30);
      assertThat(second.json().get("queue_id").asLong()).isEqualTo(queue);
      assertThat(Instant.parse(second.text("joined_at")))
          .isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void the_same_visitor_id_keeps_its_place_across_refreshes_and_tabs() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      join(tenant.publishableKey(), queue, Map.of());

      Api.Answer first =
          join(tenant.publishableKey(), queue, tenant.signedVisitor("alice", clock.instant()));
      clock.tick(Duration.ofSeconds(5));
      Api.Answer again =
          join(tenant.publishableKey(), queue, tenant.signedVisitor("alice", clock.instant()));

      assertThat(first.status()).isEqualTo(201);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text("token")).isEqualTo(first.text("token"));
      assertThat(again.json().get("position").asInt()).isEqualTo(2);
      assertThat(again.text("joined_at")).isEqualTo(first.text("joined_at"));
    }

    @Test
    void a_poll_answers_from_memory_with_cache_headers_and_refuses_forged_tokens() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = join(tenant.publishableKey(), queue, Map.of()).text("token");

      Api.Answer poll = status(token);
      assertThat(poll.status()).isEqualTo(200);
      assertThat(poll.header("Content-Type")).startsWith("application/json");
      assertThat(poll.header("Cache-Control")).startsWith("private, max-age=");
      assertThat(poll.header("Access-Control-Allow-Origin"))
          .as("no page, nothing to allow: pages are answered per origin (VisitorOriginsApiTest)")
          .isNull();
      assertThat(poll.text("status")).isEqualTo("waiting");
      assertThat(poll.json().get("position").asInt()).isEqualTo(1);

      // Character 30 lies within the MAC, so changing it always changes the bytes.
      String forged =
          token.substring(0, 30) + (token.charAt(30) == 'A' ? 'B' : 'A') + token.substring(31);
      Api.Answer refused = status(forged);
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
      assertThat(status("nonsense").status()).isEqualTo(404);
      Api.Answer missing = api().raw().get("/queue_status");
      assertThat(missing.status()).isEqualTo(400);
      assertThat(missing.text("detail")).contains("token");
    }

    @Test
    void cancel_takes_the_place_away_at_once_and_is_idempotent() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String first = join(tenant.publishableKey(), queue, Map.of()).text("token");
      String second = join(tenant.publishableKey(), queue, Map.of()).text("token");

      Api.Answer cancelled = api().post("/cancel", Map.of("token", first));
      assertThat(cancelled.status()).isEqualTo(200);
      assertThat(cancelled.text("status")).isEqualTo("cancelled");
      assertThat(api().post("/cancel", Map.of("token", first)).text("status"))
          .isEqualTo("cancelled");

      assertThat(status(second).json().get("position").asInt()).isEqualTo(1);
      assertThat(status(first).text("status")).isEqualTo("cancelled");
      assertThat(status(first).json().get("poll_after_seconds").asInt())
          .as("a final state: nothing to wait for, so the longest hint")
          .isEqualTo(30);
      Tenant other = newTenant();
      assertThat(api().withKey(other.secretKey()).post("/cancel", Map.of("token", second)).status())
          .isEqualTo(404);
    }

    @Test
    void a_released_visitor_gets_a_pass_that_verifies_offline_and_online() throws Exception {
      Tenant tenant = newTenant();
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "release_rate_per_minute", 60,
                  "access_ttl_seconds", 300,
                  "redirect_url", "https://shop.example/checkout"));
      String token =
          join(tenant.secretKey(), queue, Map.of("visitor_id", "customer-7")).text("token");

      engine.releaseDue();
      step(Duration.ofSeconds(1));

      Api.Answer released = status(token);
      assertThat(released.text("status")).isEqualTo("released");
      assertThat(released.text("redirect_url")).isEqualTo("https://shop.example/checkout");
      String pass = released.text("access_token");
      Instant expires = Instant.parse(released.text("access_expires_at"));
      assertThat(expires)
          .isEqualTo(
              clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(300));
      assertThat(status(token).text("access_token"))
          .as("polls again get the same pass")
          .isEqualTo(pass);

      SignedJWT jwt = SignedJWT.parse(pass);
      JWKSet keys = JWKSet.parse(api().get("/.well-known/jwks.json").body());
      ECKey key = (ECKey) keys.getKeyByKeyId(jwt.getHeader().getKeyID());
      assertThat(jwt.verify(new ECDSAVerifier(key))).isTrue();
      var claims = jwt.getJWTClaimsSet();
      assertThat(claims.getSubject()).isEqualTo("customer-7");
      assertThat(claims.getAudience()).containsExactly(Long.toString(tenant.id()));
      assertThat(claims.getLongClaim("queue_id")).isEqualTo(queue);
      assertThat(claims.getIssuer()).isEqualTo("anteroom");
      assertThat(claims.getJWTID()).isNotBlank();
      assertThat(claims.getExpirationTime().toInstant()).isEqualTo(expires);

      Api.Answer online =
          api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(online.json().get("valid").asBoolean()).isTrue();
      assertThat(online.json().get("queue_id").asLong()).isEqualTo(queue);
      assertThat(online.text("visitor_id")).isEqualTo("customer-7");

      Tenant other = newTenant();
      Api.Answer foreign =
          api().withKey(other.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(foreign.json().get("valid").asBoolean()).isFalse();
      assertThat(foreign.text("reason")).isEqualTo("wrong_application");
      assertThat(foreign.json().has("queue_id")).isFalse();

      clock.tick(Duration.ofSeconds(300));
      Api.Answer expired =
          api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(expired.text("reason")).isEqualTo("expired");
      assertThat(status(token).text("status")).isEqualTo("expired");
    }

    @Test
    void complete_ends_a_session_early_and_frees_the_slot_at_once() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 600, "max_active_users", 1));
      String first = join(tenant.secretKey(), queue, Map.of()).text("token");
      String second = join(tenant.secretKey(), queue, Map.of()).text("token");
      engine.releaseDue();
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(1));
      assertThat(status(first).text("status")).isEqualTo("released");
      assertThat(status(second).text("status")).isEqualTo("waiting");

      String pass = status(first).text("access_token");
      Api.Answer completed =
          api().withKey(tenant.secretKey()).post("/complete", Map.of("access_token", pass));
      assertThat(completed.status()).isEqualTo(200);
      assertThat(completed.json().get("ended_now").asBoolean()).isTrue();
      assertThat(
              api()
                  .withKey(tenant.secretKey())
                  .post("/complete", Map.of("access_token", pass))
                  .json()
                  .get("ended_now")
                  .asBoolean())
          .isFalse();
      Api.Answer revoked =
          api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(revoked.text("reason")).isEqualTo("revoked");

      step(Duration.ofMillis(200));
      assertThat(status(second).text("status")).isEqualTo("released");
      assertThat(
              api()
                  .withKey(tenant.publishableKey())
                  .post("/complete", Map.of("access_token", pass))
                  .status())
          .isEqualTo(403);
    }

    @Test
    void an_empty_queue_with_room_lets_a_visitor_straight_through() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      engine.releaseDue();
      step(Duration.ofSeconds(2));

      Api.Answer joined = join(tenant.publishableKey(), queue, Map.of());

      assertThat(joined.status()).isEqualTo(201);
      assertThat(joined.text("status")).isEqualTo("released");
      assertThat(joined.text("access_token")).isNotBlank();
      // An idle queue saves one visitor plus one second of pace: one more at 60 a minute.
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("released");
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("waiting");
    }

    @Test
    void passthrough_lets_visitors_in_until_the_cap_then_they_wait() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "queue_method",
                  "passthrough",
                  "max_active_users",
                  2,
                  "release_rate_per_minute",
                  1));

      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("released");
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("released");
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("waiting");
    }

    @Test
    void a_reject_queue_turns_visitors_away_when_it_has_no_room() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "queue_method", "reject", "release_rate_per_minute", 60, "max_active_users", 1));
      engine.releaseDue();
      step(Duration.ofSeconds(2));

      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("released");
      Api.Answer turnedAway = join(tenant.publishableKey(), queue, Map.of());

      assertThat(turnedAway.status()).isEqualTo(503);
      assertThat(turnedAway.header("Retry-After")).isNotBlank();
      assertThat(turnedAway.text("code")).isEqualTo("queue_at_capacity");
    }

    @Test
    void a_full_queue_answers_409_and_a_closed_one_503() {
      Tenant tenant = newTenant();
      long full = newQueue(tenant, Map.of("max_size", 2));
      join(tenant.publishableKey(), full, Map.of());
      join(tenant.publishableKey(), full, Map.of());

      Api.Answer refused = join(tenant.publishableKey(), full, Map.of());
      assertThat(refused.status()).isEqualTo(409);
      assertThat(refused.text("code")).isEqualTo("queue_full");
      assertThat(refused.header("Retry-After")).isNotBlank();

      long closing =
          newQueue(
              tenant,
              Map.of(
                  "opens_at", clock.instant().minusSeconds(60).toString(),
                  "closes_at", clock.instant().plusSeconds(60).toString()));
      assertThat(join(tenant.publishableKey(), closing, Map.of()).status()).isEqualTo(201);
      clock.tick(Duration.ofSeconds(61));
      Api.Answer closed = join(tenant.publishableKey(), closing, Map.of());
      assertThat(closed.status()).isEqualTo(503);
      assertThat(closed.text("code")).isEqualTo("queue_closed");
    }

    @Test
    void a_paused_queue_accepts_joins_and_releases_nobody() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 600));
      api().withKey(tenant.secretKey()).post("/queues/" + queue + "/pause");
      String token = join(tenant.publishableKey(), queue, Map.of()).text("token");

      step(Duration.ofSeconds(5));

      Api.Answer waiting = status(token);
      assertThat(waiting.text("status")).isEqualTo("waiting");
      assertThat(waiting.json().get("eta_seconds").isNull()).isTrue();
      api().withKey(tenant.secretKey()).post("/queues/" + queue + "/resume");
      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(1));
      assertThat(status(token).text("status")).isEqualTo("released");
    }

    @Test
    void a_scheduled_queue_holds_early_arrivals_without_a_fixed_place_until_opening() {
      Tenant tenant = newTenant();
      Instant opens = clock.instant().plusSeconds(120);
      long queue =
          newQueue(tenant, Map.of("opens_at", opens.toString(), "release_rate_per_minute", 6000));
      String token = join(tenant.publishableKey(), queue, Map.of()).text("token");
      join(tenant.publishableKey(), queue, Map.of());

      Api.Answer early = status(token);
      assertThat(early.json().get("position").isNull()).isTrue();
      assertThat(Instant.parse(early.text("opens_at"))).isEqualTo(opens);
      assertThat(early.json().get("opens_in_seconds").asLong())
          .as("by the server's clock, so a page need not trust the visitor's")
          .isEqualTo(120);
      assertThat(early.json().get("eta_seconds").asLong()).isGreaterThanOrEqualTo(120);

      clock.tick(Duration.ofMillis(90_500));
      assertThat(status(token).json().get("opens_in_seconds").asLong())
          .as("rounded up")
          .isEqualTo(30);
      step(Duration.ofMillis(29_500));
      Api.Answer opened = status(token);
      assertThat(opened.json().has("opens_at")).isFalse();
      assertThat(opened.json().has("opens_in_seconds")).isFalse();
      assertThat(opened.text("status")).isIn("waiting", "released");
    }

    @Test
    void before_opening_the_poll_hint_is_never_past_the_opening() {
      Tenant tenant = newTenant();
      Instant opens = clock.instant().plusSeconds(600);
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "opens_at",
                  opens.toString(),
                  "release_rate_per_minute",
                  1,
                  "idle_timeout_seconds",
                  3600));
      String token = join(tenant.publishableKey(), queue, Map.of()).text("token");
      for (int i = 0; i < 5; i++) {
        join(tenant.publishableKey(), queue, Map.of());
      }
      assertThat(status(token).json().get("poll_after_seconds").asInt())
          .as("a tenth of the ETA, at most 30")
          .isEqualTo(30);

      clock.tick(Duration.ofSeconds(595));
      Api.Answer soon = status(token);
      assertThat(soon.json().get("eta_seconds").asLong())
          .as("the ETA still counts the wait after the opening")
          .isGreaterThan(100);
      assertThat(soon.json().get("opens_in_seconds").asLong()).isEqualTo(5);
      assertThat(soon.json().get("poll_after_seconds").asInt())
          .as("asked again at the opening, not up to half a minute after")
          .isEqualTo(5);

      clock.tick(Duration.ofMillis(4_500));
      assertThat(status(token).json().get("poll_after_seconds").asInt())
          .as("half a second before: rounded up, never 0")
          .isEqualTo(1);
    }

    @Test
    void before_opening_even_a_passthrough_queue_tells_the_wait_until_it_opens() {
      Tenant tenant = newTenant();
      Instant opens = clock.instant().plusSeconds(300);
      long queue =
          newQueue(tenant, Map.of("opens_at", opens.toString(), "queue_method", "passthrough"));

      Api.Answer early = join(tenant.publishableKey(), queue, Map.of());

      assertThat(early.text("status")).isEqualTo("waiting");
      assertThat(early.json().get("eta_seconds").asLong()).isEqualTo(300);
    }

    @Test
    void publishable_keys_set_no_priority_and_join_only_from_allowed_origins() {
      Api.Answer created =
          superAdmin()
              .post(
                  "/applications",
                  Map.of(
                      "name",
                      unique("origins"),
                      "allowed_origins",
                      List.of("https://shop.example")));
      String pk = created.text("publishable_key");
      long queue =
          api().withKey(created.text("secret_key")).post("/queues", Map.of("name", "q")).id();

      assertThat(api().withKey(pk).post("/join", Map.of("queue_id", queue, "priority", 5)).status())
          .isEqualTo(403);
      assertThat(
              api()
                  .withKey(created.text("secret_key"))
                  .post("/join", Map.of("queue_id", queue, "priority", 5))
                  .status())
          .isEqualTo(201);
      assertThat(
              api()
                  .withKey(pk)
                  .with("Origin", "https://evil.example")
                  .post("/join", Map.of("queue_id", queue))
                  .status())
          .isEqualTo(403);
      assertThat(
              api()
                  .withKey(pk)
                  .with("Origin", "https://shop.example")
                  .post("/join", Map.of("queue_id", queue))
                  .status())
          .isEqualTo(201);
    }

    @Test
    void only_the_queues_own_keys_can_join_it() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      Tenant other = newTenant();

      assertThat(join(other.publishableKey(), queue, Map.of()).status()).isEqualTo(404);
      assertThat(join(other.secretKey(), queue, Map.of()).status()).isEqualTo(404);
      assertThat(superAdmin().raw().post("/join", Map.of("queue_id", queue)).status())
          .isEqualTo(403);
      assertThat(api().raw().post("/join", Map.of("queue_id", queue)).status()).isEqualTo(401);
    }

    @Test
    void a_simulated_join_answers_the_place_and_stores_nothing() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      join(tenant.publishableKey(), queue, Map.of());
      join(tenant.publishableKey(), queue, Map.of());

      Api.Answer preview = join(tenant.publishableKey(), queue, Map.of("simulate", true));

      assertThat(preview.status()).isEqualTo(200);
      assertThat(preview.json().has("token")).isFalse();
      assertThat(preview.json().get("simulated").asBoolean()).isTrue();
      assertThat(preview.json().get("position").asInt()).isEqualTo(3);
      assertThat(preview.json().get("eta_seconds").asLong()).isEqualTo(3);
      assertThat(join(tenant.publishableKey(), queue, Map.of()).json().get("position").asInt())
          .isEqualTo(3);
    }

    @Test
    void a_simulated_join_refuses_as_a_real_join_would() {
      Tenant tenant = newTenant();
      long full = newQueue(tenant, Map.of("max_size", 1));
      join(tenant.publishableKey(), full, Map.of());
      Api.Answer fullPreview = join(tenant.publishableKey(), full, Map.of("simulate", true));
      assertThat(fullPreview.status()).as(fullPreview.toString()).isEqualTo(409);
      assertThat(fullPreview.text("code")).isEqualTo("queue_full");
      assertThat(fullPreview.header("Retry-After")).isNotBlank();

      long reject =
          newQueue(
              tenant,
              Map.of(
                  "queue_method", "reject", "release_rate_per_minute", 60, "max_active_users", 1));
      engine.releaseDue();
      step(Duration.ofSeconds(2));
      assertThat(join(tenant.publishableKey(), reject, Map.of()).text("status"))
          .isEqualTo("released");
      Api.Answer rejectPreview = join(tenant.publishableKey(), reject, Map.of("simulate", true));
      assertThat(rejectPreview.status()).as(rejectPreview.toString()).isEqualTo(503);
      assertThat(rejectPreview.text("code")).isEqualTo("queue_at_capacity");

      long closing =
          newQueue(tenant, Map.of("closes_at", clock.instant().plusSeconds(10).toString()));
      clock.tick(Duration.ofSeconds(11));
      Api.Answer closedPreview = join(tenant.publishableKey(), closing, Map.of("simulate", true));
      assertThat(closedPreview.status()).isEqualTo(503);
      assertThat(closedPreview.text("code")).isEqualTo("queue_closed");
    }

    @Test
    void a_simulated_join_says_released_when_a_real_one_would_go_straight_through() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      engine.releaseDue();
      step(Duration.ofSeconds(2));

      for (int i = 0; i < 3; i++) {
        Api.Answer preview = join(tenant.publishableKey(), queue, Map.of("simulate", true));
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.text("status")).isEqualTo("released");
        assertThat(preview.json().get("simulated").asBoolean()).isTrue();
        assertThat(preview.json().has("access_token")).isFalse();
        assertThat(preview.json().has("token")).isFalse();
      }
      // The previews spent no pace: the queue still lets two through (one visitor and one
      // second of pace saved at 60 a minute), as without them.
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("released");
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("released");
      assertThat(join(tenant.publishableKey(), queue, Map.of()).text("status"))
          .isEqualTo("waiting");
    }

    @Test
    void a_simulated_join_with_a_visitor_id_that_holds_a_place_answers_that_place() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      join(tenant.secretKey(), queue, Map.of("visitor_id", "alice"));
      join(tenant.secretKey(), queue, Map.of("visitor_id", "bob"));

      Api.Answer alice =
          join(tenant.secretKey(), queue, Map.of("visitor_id", "alice", "simulate", true));
      assertThat(alice.status()).isEqualTo(200);
      assertThat(alice.text("status")).isEqualTo("waiting");
      assertThat(alice.json().get("position").asInt()).isEqualTo(1);
      assertThat(alice.json().get("simulated").asBoolean()).isTrue();
      assertThat(alice.json().has("token")).isFalse();

      step(Duration.ofSeconds(1));
      step(Duration.ofSeconds(1));
      Api.Answer released =
          join(tenant.secretKey(), queue, Map.of("visitor_id", "alice", "simulate", true));
      assertThat(released.text("status")).isEqualTo("released");
      assertThat(released.json().has("access_token")).isFalse();
      Api.Answer newcomer =
          join(tenant.secretKey(), queue, Map.of("visitor_id", "carol", "simulate", true));
      assertThat(newcomer.text("status")).isEqualTo("waiting");
      assertThat(newcomer.json().get("position").asInt()).as("behind bob").isEqualTo(2);
    }

    @Test
    void the_eta_is_told_before_the_first_release_and_never_rises_at_a_fixed_place() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(tenant, Map.of("release_rate_per_minute", 1, "idle_timeout_seconds", 600));
      join(tenant.publishableKey(), queue, Map.of());
      join(tenant.publishableKey(), queue, Map.of());
      String third = join(tenant.publishableKey(), queue, Map.of()).text("token");

      Api.Answer first = status(third);
      assertThat(first.json().get("eta_seconds").asLong()).isBetween(170L, 180L);
      int position = first.json().get("position").asInt();
      long eta = first.json().get("eta_seconds").asLong();
      for (int second = 1; second <= 150; second++) {
        for (int i = 0; i < 5; i++) {
          step(Duration.ofMillis(200));
        }
        Api.Answer now = status(third);
        assertThat(now.text("status")).isEqualTo("waiting");
        assertThat(now.json().get("eta_seconds").isNull()).as("second %d", second).isFalse();
        int place = now.json().get("position").asInt();
        long wait = now.json().get("eta_seconds").asLong();
        if (place == position) {
          assertThat(wait).as("second %d, place %d", second, place).isLessThanOrEqualTo(eta);
        }
        position = place;
        eta = wait;
      }
      assertThat(position).isEqualTo(1);
      assertThat(eta).isBetween(25L, 35L);
    }

    @Test
    void the_eta_waits_for_a_slot_when_the_active_cap_is_full() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "release_rate_per_minute", 60,
                  "max_active_users", 1,
                  "access_ttl_seconds", 900,
                  "idle_timeout_seconds", 600));
      engine.releaseDue();
      step(Duration.ofSeconds(2));
      assertThat(join(tenant.secretKey(), queue, Map.of()).text("status")).isEqualTo("released");

      Api.Answer second = join(tenant.secretKey(), queue, Map.of());
      assertThat(second.json().get("position").asInt()).isEqualTo(1);
      assertThat(second.json().get("eta_seconds").asLong()).isBetween(895L, 900L);
      for (int i = 0; i < 300; i++) {
        step(Duration.ofSeconds(1));
      }
      assertThat(status(second.text("token")).json().get("eta_seconds").asLong())
          .isBetween(595L, 600L);
    }

    @Test
    void a_reject_queue_at_its_cap_says_to_retry_when_a_slot_frees() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "queue_method", "reject",
                  "release_rate_per_minute", 60,
                  "max_active_users", 1,
                  "access_ttl_seconds", 900));
      engine.releaseDue();
      step(Duration.ofSeconds(2));
      assertThat(join(tenant.secretKey(), queue, Map.of()).text("status")).isEqualTo("released");
      step(Duration.ofSeconds(100));

      Api.Answer turnedAway = join(tenant.secretKey(), queue, Map.of());
      assertThat(turnedAway.status()).isEqualTo(503);
      assertThat(Long.parseLong(turnedAway.header("Retry-After"))).isBetween(795L, 800L);
    }

    @Test
    void join_input_is_checked_field_by_field() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      Api raw = api().withKey(tenant.secretKey()).raw();

      assertField(raw.post("/join", Map.of()), "queue_id");
      assertField(raw.post("/join", Map.of("queue_id", queue, "priority", 10)), "priority");
      assertField(raw.post("/join", Map.of("queue_id", queue, "metadata", "text")), "metadata");
      assertField(
          join(tenant.secretKey(), queue, Map.of("metadata", Map.of("blob", "x".repeat(3000)))),
          "metadata");
      assertField(
          raw.post("/join", Map.of("queue_id", queue, "visitor_id", "v".repeat(201))),
          "visitor_id");
      Api.Answer ok =
          join(tenant.secretKey(), queue, Map.of("metadata", Map.of("order", 42, "tier", "gold")));
      assertThat(ok.status()).isEqualTo(201);
      assertThat(api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", 1)).status())
          .isEqualTo(404);
    }

    @Test
    void a_visitor_who_stops_polling_loses_the_place() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(tenant, Map.of("idle_timeout_seconds", 30, "release_rate_per_minute", 1));
      engine.releaseDue();
      String silent = join(tenant.publishableKey(), queue, Map.of()).text("token");
      String polling = join(tenant.publishableKey(), queue, Map.of()).text("token");

      for (int i = 0; i < 4; i++) {
        step(Duration.ofSeconds(10));
        status(polling);
      }

      assertThat(status(silent).text("status")).isEqualTo("expired");
      assertThat(status(polling).json().get("position").asInt()).isEqualTo(1);
    }

    @Test
    void a_deleted_queue_no_longer_answers_its_tokens() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = join(tenant.publishableKey(), queue, Map.of()).text("token");

      api().withKey(tenant.secretKey()).delete("/queues/" + queue);

      assertThat(status(token).status()).isEqualTo(404);
    }

    @Test
    void the_documented_metrics_count_each_queue() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      join(tenant.publishableKey(), queue, Map.of());
      join(tenant.publishableKey(), queue, Map.of());

      String metrics = api().get("/metrics").body();
      String tag = "queue_id=\"" + queue + "\"";
      assertThat(metrics)
          .containsPattern("queue_size\\{[^}]*" + tag + "[^}]*} 2.0")
          .containsPattern("queue_users_joined_total\\{[^}]*" + tag + "[^}]*} 2.0")
          .containsPattern("queue_users_released_total\\{[^}]*" + tag)
          .containsPattern("queue_users_expired_total\\{[^}]*" + tag)
          .contains("anteroom_status_requests_total");
    }

    private static void assertField(Api.Answer answer, String field) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
      assertThat(answer.text("field")).isEqualTo(field);
    }
  }
}

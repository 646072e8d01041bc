package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A publishable key is public, so nothing a browser sends may act as a credential for another
 * visitor's place: a bare {@code visitor_id} is trusted only from the tenant's server (sk_) or when
 * the tenant has signed it.
 */
class VisitorIdentityApiTest {

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

    @Test
    void a_publishable_key_cannot_take_another_visitors_place_with_a_bare_visitor_id() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      Api.Answer victim = join(tenant.secretKey(), queue, Map.of("visitor_id", "customer-42"));
      assertThat(victim.status()).isEqualTo(201);

      Api.Answer thief = join(tenant.publishableKey(), queue, Map.of("visitor_id", "customer-42"));

      assertThat(thief.status()).as(thief.toString()).isEqualTo(400);
      assertThat(thief.header("Content-Type")).startsWith("application/problem+json");
      assertThat(thief.text("code")).isEqualTo("unsigned_visitor_id");
      assertThat(thief.text("field")).isEqualTo("visitor_id");
      assertThat(thief.text("detail")).contains("Signing a visitor id");
      assertThat(thief.body()).doesNotContain(victim.text("token"));

      engine.releaseDue();
      step(Duration.ofSeconds(1));
      Api.Answer afterRelease =
          join(tenant.publishableKey(), queue, Map.of("visitor_id", "customer-42"));
      assertThat(afterRelease.status()).isEqualTo(400);
      assertThat(afterRelease.body()).doesNotContain(victim.text("token")).doesNotContain("eyJ");
    }

    @Test
    void a_visitor_id_signed_by_the_tenants_server_gets_and_keeps_its_place() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      join(tenant.publishableKey(), queue, Map.of());

      Api.Answer first =
          join(tenant.publishableKey(), queue, tenant.signedVisitor("bob", clock.instant()));
      clock.tick(Duration.ofSeconds(30));
      Api.Answer rejoined =
          join(tenant.publishableKey(), queue, tenant.signedVisitor("bob", clock.instant()));
      Api.Answer fromServer = join(tenant.secretKey(), queue, Map.of("visitor_id", "bob"));

      assertThat(first.status()).as(first.toString()).isEqualTo(201);
      assertThat(first.json().get("position").asInt()).isEqualTo(2);
      assertThat(rejoined.status()).isEqualTo(200);
      assertThat(rejoined.text("token")).isEqualTo(first.text("token"));
      assertThat(fromServer.text("token")).isEqualTo(first.text("token"));
    }

    @Test
    void a_signature_for_another_application_or_another_visitor_id_is_refused() {
      Tenant tenant = newTenant();
      Tenant other = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = join(tenant.secretKey(), queue, Map.of("visitor_id", "carol")).text("token");

      Map<String, Object> foreign = other.signedVisitor("carol", clock.instant());
      Api.Answer withForeign = join(tenant.publishableKey(), queue, foreign);
      Map<String, Object> forDave = new HashMap<>(tenant.signedVisitor("dave", clock.instant()));
      forDave.put("visitor_id", "carol");
      Api.Answer swapped = join(tenant.publishableKey(), queue, forDave);
      Map<String, Object> later = new HashMap<>(tenant.signedVisitor("carol", clock.instant()));
      later.put("visitor_expires_at", (Long) later.get("visitor_expires_at") + 60);
      Api.Answer extended = join(tenant.publishableKey(), queue, later);

      for (Api.Answer refused : new Api.Answer[] {withForeign, swapped, extended}) {
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.text("code")).isEqualTo("bad_visitor_signature");
        assertThat(refused.text("field")).isEqualTo("visitor_signature");
        assertThat(refused.body()).doesNotContain(token);
      }
      assertThat(join(other.publishableKey(), queue, foreign).status())
          .as("another application's key does not see the queue at all")
          .isEqualTo(404);
    }

    @Test
    void an_expired_or_too_distant_signature_is_refused() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      Map<String, Object> signed = tenant.signedVisitor("erin", clock.instant());

      clock.tick(Duration.ofMinutes(10));
      Api.Answer expired = join(tenant.publishableKey(), queue, signed);
      assertThat(expired.status()).isEqualTo(400);
      assertThat(expired.text("code")).isEqualTo("visitor_signature_expired");
      assertThat(expired.text("field")).isEqualTo("visitor_expires_at");

      Map<String, Object> distant =
          tenant.signedVisitor("erin", clock.instant().plus(Duration.ofHours(24)));
      Api.Answer tooFar = join(tenant.publishableKey(), queue, distant);
      assertThat(tooFar.status()).isEqualTo(400);
      assertThat(tooFar.text("code")).isEqualTo("visitor_expiry_too_far");

      Map<String, Object> half = new HashMap<>(signed);
      half.remove("visitor_signature");
      assertThat(join(tenant.publishableKey(), queue, half).text("field"))
          .isEqualTo("visitor_signature");
      half = new HashMap<>(signed);
      half.remove("visitor_expires_at");
      assertThat(join(tenant.publishableKey(), queue, half).text("field"))
          .isEqualTo("visitor_expires_at");
      half = new HashMap<>(signed);
      half.remove("visitor_id");
      assertThat(join(tenant.publishableKey(), queue, half).text("field")).isEqualTo("visitor_id");
    }

    @Test
    void the_secret_key_may_send_bare_ids_and_a_signature_it_sends_is_checked() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());

      Api.Answer bare = join(tenant.secretKey(), queue, Map.of("visitor_id", "frank"));
      Api.Answer again = join(tenant.secretKey(), queue, Map.of("visitor_id", "frank"));
      Map<String, Object> forged = new HashMap<>(tenant.signedVisitor("gina", clock.instant()));
      forged.put("visitor_id", "frank");
      Api.Answer badSignature = join(tenant.secretKey(), queue, forged);

      assertThat(bare.status()).isEqualTo(201);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.text("token")).isEqualTo(bare.text("token"));
      assertThat(badSignature.status()).isEqualTo(400);
      assertThat(badSignature.text("code")).isEqualTo("bad_visitor_signature");
    }

    @Test
    void rotating_the_keys_retires_the_visitor_signing_key() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      Api.Answer rotated =
          api().withKey(tenant.secretKey()).post("/applications/" + tenant.id() + "/rotate_keys");
      Tenant renewed =
          new Tenant(
              tenant.id(),
              rotated.text("secret_key"),
              rotated.text("publishable_key"),
              rotated.text("visitor_signing_key"));

      Api.Answer old =
          join(renewed.publishableKey(), queue, tenant.signedVisitor("hana", clock.instant()));
      Api.Answer fresh =
          join(renewed.publishableKey(), queue, renewed.signedVisitor("hana", clock.instant()));

      assertThat(old.status()).isEqualTo(400);
      assertThat(old.text("code")).isEqualTo("bad_visitor_signature");
      assertThat(fresh.status()).isEqualTo(201);
    }

    @Test
    void a_pass_names_the_visitor_only_when_the_tenant_did() throws Exception {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 600));
      String signed =
          join(tenant.publishableKey(), queue, tenant.signedVisitor("ivan", clock.instant()))
              .text("token");
      List<String> anonymous = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        anonymous.add(join(tenant.publishableKey(), queue, Map.of()).text("token"));
      }
      engine.releaseDue();
      for (int i = 0; i < 5; i++) {
        step(Duration.ofMillis(200));
      }

      assertThat(subjectOf(tenant, signed)).isEqualTo("ivan");
      List<String> subjects = new ArrayList<>();
      for (String token : anonymous) {
        String sub = subjectOf(tenant, token);
        assertThat(sub)
            .as("an opaque 16-byte pseudonym: neither queue id, sequence number nor position")
            .matches("anon-[A-Za-z0-9_-]{22}")
            .doesNotContain(Long.toString(queue));
        assertThat(subjectOf(tenant, token)).as("stable for the place").isEqualTo(sub);
        subjects.add(sub);
      }
      assertThat(subjects).doesNotHaveDuplicates();
    }

    /** The pass's subject, checking that /verify reports the same as visitor_id. */
    private String subjectOf(Tenant tenant, String token) throws Exception {
      Api.Answer status = api().get("/queue_status?token=" + token);
      assertThat(status.text("status")).as(status.toString()).isEqualTo("released");
      String pass = status.text("access_token");
      String sub = SignedJWT.parse(pass).getJWTClaimsSet().getSubject();
      Api.Answer verified =
          api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
      assertThat(verified.json().get("valid").asBoolean()).isTrue();
      assertThat(verified.text("visitor_id")).isEqualTo(sub);
      return sub;
    }
  }
}

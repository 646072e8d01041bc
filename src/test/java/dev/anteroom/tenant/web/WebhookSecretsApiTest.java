package dev.anteroom.tenant.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import dev.anteroom.tenant.WebhookSecrets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An application's webhook secret: shown once on creation and on rotation, stored sealed, never in
 * a read; after a rotation both sign for 24 hours.
 */
class WebhookSecretsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Autowired JdbcClient jdbc;
    @Autowired WebhookSecrets secrets;

    private String stored(long id) {
      return jdbc.sql("SELECT webhook_secret FROM applications WHERE id = :id")
          .param("id", id)
          .query(String.class)
          .single();
    }

    @Test
    void a_new_application_shows_its_secret_once_and_stores_it_sealed() throws Exception {
      Api.Answer created = superAdmin().post("/applications", Map.of("name", unique("app")));
      assertThat(created.status()).isEqualTo(201);
      assertThat(created.header("Cache-Control")).contains("no-store");
      String secret = created.text("webhook_secret");
      long id = created.id();

      assertThat(secret).matches("whsec_[A-Za-z0-9+/]{43}=");
      assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
      // The reference library takes it as a receiver would.
      String signature = new Webhook(secret).sign("msg_1", 1_700_000_000L, "{}");
      assertThat(signature).startsWith("v1,");
      assertThat(stored(id)).isNotBlank().doesNotContain(secret.substring(6, 20));
      assertThat(superAdmin().get("/applications/" + id).body()).doesNotContain("whsec_");
      assertThat(superAdmin().get("/applications").body()).doesNotContain("whsec_");
      assertThat(secrets.signingSecrets(id, clock.instant())).containsExactly(secret);
    }

    @Test
    void a_rotation_answers_a_new_secret_and_the_old_one_signs_for_a_day() {
      Api.Answer created = superAdmin().post("/applications", Map.of("name", unique("app")));
      long id = created.id();
      String first = created.text("webhook_secret");
      Api.Answer sk = superAdmin().post("/applications/" + id + "/rotate_keys");
      Api own = api().withKey(sk.text("secret_key"));

      Api.Answer rotated = own.post("/applications/" + id + "/rotate_webhook_secret");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      assertThat(rotated.header("Cache-Control")).contains("no-store");
      String second = rotated.text("webhook_secret");

      assertThat(second).startsWith("whsec_").isNotEqualTo(first);
      assertThat(secrets.signingSecrets(id, clock.instant())).containsExactly(second, first);
      assertThat(secrets.signingSecrets(id, clock.instant().plus(Duration.ofHours(24))))
          .containsExactly(second);
    }

    @Test
    void an_application_without_a_secret_gets_its_first_on_rotation() {
      Api.Answer created = superAdmin().post("/applications", Map.of("name", unique("app")));
      long id = created.id();
      jdbc.sql("UPDATE applications SET webhook_secret = NULL WHERE id = :id")
          .param("id", id)
          .update();
      secrets.forget(id);
      assertThat(secrets.signingSecrets(id, clock.instant())).isEmpty();

      String first =
          superAdmin()
              .post("/applications/" + id + "/rotate_webhook_secret")
              .text("webhook_secret");

      assertThat(secrets.signingSecrets(id, clock.instant())).isEqualTo(List.of(first));
    }

    @Test
    void another_tenant_cannot_rotate_the_secret() {
      Tenant tenant = newTenant();
      Tenant other = newTenant();
      List<String> before = secrets.signingSecrets(tenant.id(), clock.instant());

      Api.Answer refused =
          api()
              .withKey(other.secretKey())
              .post("/applications/" + tenant.id() + "/rotate_webhook_secret");

      assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
      assertThat(secrets.signingSecrets(tenant.id(), clock.instant())).isEqualTo(before);
      assertThat(
              api()
                  .withKey(tenant.publishableKey())
                  .post("/applications/" + tenant.id() + "/rotate_webhook_secret")
                  .status())
          .isIn(401, 403, 404);
    }
  }
}

package dev.anteroom.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

@OnH2
class SigningKeysApiTest extends ApiTestBase {

  @Test
  void a_super_admin_rotates_the_signing_key_and_earlier_passes_still_verify() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of("release_rate_per_minute", 600));
    String token =
        api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue)).text("token");
    engine.releaseDue();
    step(Duration.ofSeconds(1));
    String pass = api().get("/queue_status?token=" + token).text("access_token");
    assertThat(pass).isNotBlank();
    int keysBefore = api().get("/.well-known/jwks.json").json().get("keys").size();

    Api.Answer rotated = superAdmin().post("/signing_keys/rotate");

    assertThat(rotated.status()).isEqualTo(200);
    Api.Answer jwks = api().get("/.well-known/jwks.json");
    assertThat(jwks.json().get("keys").size()).isEqualTo(keysBefore + 1);
    assertThat(jwks.header("Cache-Control")).contains("max-age=300");
    assertThat(jwks.body()).contains(rotated.text("kid")).doesNotContain("\"d\"");
    Api.Answer verified =
        api().withKey(tenant.secretKey()).post("/verify", Map.of("access_token", pass));
    assertThat(verified.json().get("valid").asBoolean()).isTrue();
    assertThat(api().withKey(tenant.secretKey()).raw().post("/signing_keys/rotate").status())
        .isEqualTo(403);
  }
}

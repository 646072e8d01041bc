package dev.anteroom.callback.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Callback URLs are checked when saved. (These tests run with private targets allowed, so the
 * address classes are proven in CallbackUrlsTest; the form is checked here, end to end.)
 */
class CallbackUrlApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void a_callback_url_with_user_info_is_refused_on_queues_and_applications() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());

      Api.Answer queue =
          sk.post(
              "/queues",
              Map.of("name", unique("q"), "callback_url", "https://me:pw@hooks.example/cb"));
      Api.Answer application =
          superAdmin()
              .post(
                  "/applications",
                  Map.of("name", unique("a"), "callback_url", "https://me:pw@hooks.example/cb"));
      long existing = newQueue(tenant, Map.of());
      Api.Answer update =
          sk.put("/queues/" + existing, Map.of("callback_url", "http://u@hooks.example/"));

      for (Api.Answer answer : new Api.Answer[] {queue, application, update}) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.body()).contains("callback_url").contains("user info");
      }
      assertThat(sk.get("/queues/" + existing).json().get("callback_url").isNull()).isTrue();
    }
  }
}

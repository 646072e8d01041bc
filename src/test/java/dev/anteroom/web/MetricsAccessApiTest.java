package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Who may read {@code /metrics}: with {@code ANTEROOM_METRICS_TOKEN} only a scrape that sends it as
 * a bearer token; in production without one, nobody (404). Storage plays no part here, so these run
 * on H2 only.
 */
class MetricsAccessApiTest {

  static final String TOKEN = "metrics-token-0123456789-abcdefghij";

  private static void assertProblem(Api.Answer answer, int status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.text("status")).isEqualTo(Integer.toString(status));
    assertThat(answer.body()).doesNotContain("jvm_memory", TOKEN);
  }

  @Nested
  @OnH2
  @TestPropertySource(properties = "anteroom.metrics.token=" + TOKEN)
  class WithAToken extends ApiTestBase {

    @Test
    void a_scrape_with_the_bearer_token_gets_the_metrics() {
      Api.Answer answer = api().withToken(TOKEN).get("/metrics");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.body()).contains("jvm_memory_used_bytes");
      assertThat(api().with("Authorization", "bearer " + TOKEN).get("/metrics").status())
          .as("the scheme is case-insensitive")
          .isEqualTo(200);
    }

    @Test
    void a_scrape_without_or_with_a_wrong_token_is_401_with_a_bearer_challenge() {
      Api.Answer none = api().get("/metrics");
      assertProblem(none, 401);
      assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");

      assertProblem(api().withToken(TOKEN + "x").get("/metrics"), 401);
      assertProblem(api().withToken(TOKEN.substring(1)).get("/metrics"), 401);
      assertProblem(api().withToken("").get("/metrics"), 401);
      assertProblem(api().with("Authorization", "Basic " + TOKEN).get("/metrics"), 401);
      assertProblem(api().withKey(TOKEN).get("/metrics"), 401);
      assertProblem(api().raw().get("/metrics/"), 401);
    }

    @Test
    void the_rest_of_the_api_does_not_ask_for_the_metrics_token() {
      assertThat(api().get("/health").status()).isEqualTo(200);
    }
  }

  @Nested
  @OnH2
  @TestPropertySource(properties = "anteroom.profile=production")
  class InProductionWithoutAToken extends ApiTestBase {

    @Test
    void metrics_are_not_served_at_all() {
      Api.Answer answer = api().get("/metrics");
      assertProblem(answer, 404);
      assertThat(answer.text("detail")).contains("ANTEROOM_METRICS_TOKEN");
      assertProblem(api().withToken("anything").get("/metrics"), 404);
      assertThat(api().get("/health").status()).isEqualTo(200);
    }
  }

  @Nested
  @OnH2
  @TestPropertySource(
      properties = {"anteroom.profile=production", "anteroom.metrics.token=" + TOKEN})
  class InProductionWithAToken extends ApiTestBase {

    @Test
    void metrics_are_served_to_the_token_only() {
      assertThat(api().withToken(TOKEN).get("/metrics").status()).isEqualTo(200);
      assertProblem(api().get("/metrics"), 401);
    }
  }
}

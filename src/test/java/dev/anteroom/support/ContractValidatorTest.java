package dev.anteroom.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.Test;

/** A drift between the API and its document fails the test that meets it. */
@OnH2
class ContractValidatorTest extends ApiTestBase {

  @Test
  void an_answer_the_document_does_not_promise_fails() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of("max_size", 10));
    Api.Answer real = api().withKey(tenant.secretKey()).get("/queues/" + queue);
    assertThat(real.status()).isEqualTo(200);

    HttpResponse<String> camelCase =
        withBody(real.response(), real.body().replace("\"max_size\"", "\"maxSize\""));
    assertThatThrownBy(
            () ->
                ContractValidator.check(
                    api().base(), real.response().request(), null, camelCase, true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("maxSize");

    HttpResponse<String> missing = withBody(real.response(), "{\"id\":" + queue + "}");
    assertThatThrownBy(
            () ->
                ContractValidator.check(
                    api().base(), real.response().request(), null, missing, true))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("release_rate_per_minute");
  }

  @Test
  void a_request_the_document_does_not_describe_fails_unless_it_is_sent_raw() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());
    Api owner = api().withKey(tenant.secretKey());

    assertThatThrownBy(() -> owner.put("/queues/" + queue, Map.of("releaseRatePerMinute", 5)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("releaseRatePerMinute");
    assertThat(owner.raw().put("/queues/" + queue, Map.of("releaseRatePerMinute", 5)).status())
        .isEqualTo(400);
    assertThatThrownBy(() -> owner.get("/queues/" + queue + "?caller=1"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("caller");
  }

  @Test
  void an_undocumented_endpoint_fails() {
    assertThatThrownBy(() -> api().get("/no/such/endpoint"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("No API path found");
  }

  private static HttpResponse<String> withBody(HttpResponse<String> real, String body) {
    return new HttpResponse<>() {
      @Override
      public int statusCode() {
        return real.statusCode();
      }

      @Override
      public HttpRequest request() {
        return real.request();
      }

      @Override
      public Optional<HttpResponse<String>> previousResponse() {
        return Optional.empty();
      }

      @Override
      public HttpHeaders headers() {
        return real.headers();
      }

      @Override
      public String body() {
        return body;
      }

      @Override
      public Optional<SSLSession> sslSession() {
        return Optional.empty();
      }

      @Override
      public URI uri() {
        return real.uri();
      }

      @Override
      public HttpClient.Version version() {
        return real.version();
      }
    };
  }
}

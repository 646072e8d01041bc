package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OperationsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void health_reports_the_database() {
      Api.Answer health = api().get("/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.text("status")).isEqualTo("UP");
      assertThat(health.json().get("components").get("db").get("status").asString())
          .isEqualTo("UP");
    }

    @Test
    void the_openapi_document_and_swagger_ui_are_served_at_docs() throws Exception {
      Api.Answer spec = api().get("/docs/openapi.json");
      assertThat(spec.status()).isEqualTo(200);
      assertThat(spec.json().get("paths").has("/applications")).isTrue();
      assertThat(spec.json().get("paths").has("/queues/{id}/pause")).isTrue();
      assertThat(spec.json().get("paths").has("/auth/login")).isTrue();

      HttpResponse<String> ui =
          HttpClient.newBuilder()
              .followRedirects(HttpClient.Redirect.NORMAL)
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(api().base() + "/docs")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(ui.statusCode()).isEqualTo(200);
      assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    @Test
    void prometheus_metrics_are_served_at_metrics() {
      Api.Answer metrics = api().get("/metrics");
      assertThat(metrics.status()).isEqualTo(200);
      assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    }
  }
}

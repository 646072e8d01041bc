package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.net.URI;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** GET /scripts/queue.js: one configured script, cacheable, and never blank when misconfigured. */
class ClientScriptApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {

    @Test
    void in_development_a_plain_http_target_is_taken() {
      Api.Answer answer =
          api().get("/scripts/queue.js?queue=42&key=pk_abc&target=http://shop.example/in");
      assertThat(answer.body()).contains("\"errors\":[]").contains("\"httpsTargets\":false");
    }
  }

  /** In production a pass never travels over plain http, loopback hosts aside. */
  @Nested
  @OnH2
  @TestPropertySource(properties = "anteroom.profile=production")
  class OnH2InProduction extends ApiTestBase {

    @Test
    void a_plain_http_target_is_refused_except_to_a_loopback_host() {
      Api.Answer plain =
          api().get("/scripts/queue.js?queue=42&key=pk_abc&target=http://shop.example/in");
      assertThat(plain.status()).isEqualTo(200);
      assertThat(plain.body())
          .contains("target: an https URL (plain http only to a loopback host)")
          .contains("\"httpsTargets\":true");

      for (String fine :
          new String[] {
            "https://shop.example/in", "http://localhost:8080/in", "http://127.0.0.1/"
          }) {
        Api.Answer answer = api().get("/scripts/queue.js?queue=42&key=pk_abc&target=" + fine);
        assertThat(answer.body()).as(fine).contains("\"errors\":[]");
      }
      Api.Answer lookalike =
          api().get("/scripts/queue.js?queue=42&key=pk_abc&target=http://127.evil.example/");
      assertThat(lookalike.body()).contains("target: an https URL");
    }
  }

  abstract static class Contract extends ApiTestBase {

    @Test
    void serves_the_configured_script_with_cache_headers_under_30_kb() {
      Api.Answer answer = api().get("/scripts/queue.js?queue=42&key=pk_abc&lang=ar&theme=dark");

      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      assertThat(answer.header("Content-Type")).startsWith("text/javascript");
      assertThat(answer.header("Cache-Control")).contains("max-age=300").contains("public");
      assertThat(answer.header("ETag")).matches("W/\"[A-Za-z0-9_-]{22}\"");
      assertThat(answer.body())
          .contains("\"params\":{")
          .contains(
              "\"queue\":\"42\"", "\"key\":\"pk_abc\"", "\"lang\":\"ar\"", "\"theme\":\"dark\"")
          .contains("\"errors\":[]")
          .contains("\"ar\":{")
          .contains("\"en\":{");
      assertThat(answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
          .isLessThan(30 * 1024);
    }

    @Test
    void answers_304_to_the_same_etag_and_a_new_one_to_other_parameters() {
      String etag = api().get("/scripts/queue.js?queue=42&key=pk_abc").header("ETag");

      Api.Answer again =
          Api.send(
              HttpRequest.newBuilder(
                      URI.create(api().base() + "/scripts/queue.js?queue=42&key=pk_abc"))
                  .header("If-None-Match", etag)
                  .build());
      String other = api().get("/scripts/queue.js?queue=43&key=pk_abc").header("ETag");

      assertThat(again.status()).isEqualTo(304);
      assertThat(again.body()).isEmpty();
      assertThat(other).isNotEqualTo(etag);
    }

    @Test
    void the_script_and_the_hosted_page_travel_gzip_encoded_to_browsers_that_ask()
        throws Exception {
      String script = "/scripts/queue.js?queue=42&key=pk_abc";
      byte[] plain = api().get(script).body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      java.net.http.HttpResponse<byte[]> zipped =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(api().base() + script))
                      .header("Accept-Encoding", "gzip")
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofByteArray());

      assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
      assertThat(zipped.body().length).isLessThan(plain.length / 2);
      try (var in =
          new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(zipped.body()))) {
        assertThat(in.readAllBytes()).isEqualTo(plain);
      }
      // a cache that dropped the W/ still revalidates
      String etag = zipped.headers().firstValue("ETag").orElseThrow();
      Api.Answer again =
          Api.send(
              HttpRequest.newBuilder(URI.create(api().base() + script))
                  .header("If-None-Match", etag.substring(2))
                  .build());
      assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void bad_parameters_give_a_script_that_names_each_problem() {
      Api.Answer answer =
          api()
              .raw()
              .get(
                  "/scripts/queue.js?queue=abc&key=sk_secret&lang=fr&theme=pink&poll=0&target=javascript:x&colour=red");

      assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
      assertThat(answer.body())
          .contains("queue: a queue id")
          .contains("key: a publishable key (pk_...); a secret key must never be put in a page")
          .contains("lang: one of ar, en")
          .contains("theme: light, dark or auto")
          .contains("poll: whole seconds from 1 to 300")
          .contains("target: an absolute http(s) URL")
          .contains("colour: unknown parameter")
          .doesNotContain("sk_secret\"");
    }
  }
}

package dev.anteroom.client.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * GET /wait/{queue_id}: the hosted waiting page over HTTP: what it shows, its headers, its cache
 * validation and its error pages. ({@link WaitingPageBrowserTest} runs it in Chromium.)
 */
class WaitingPageApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private static final String POLICY =
        "default-src 'none'; script-src 'self'; connect-src 'self'%s; style-src 'sha256-";

    @Test
    void shows_the_application_and_the_queues_display_fields_under_a_strict_policy() {
      Tenant tenant = newTenant();
      String application =
          api().withKey(tenant.secretKey()).get("/applications/" + tenant.id()).text("name");
      long queue =
          newQueue(
              tenant,
              Map.of(
                  "logo_url", "https://cdn.shop.example:8443/brand/logo.svg",
                  "title", "Summer sale",
                  "message", "Doors open at 9.\nOne pair each."));

      Api.Answer page = page(queue, tenant.publishableKey(), "");

      assertThat(page.status()).as(page.toString()).isEqualTo(200);
      assertThat(page.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
      assertThat(page.header("Content-Security-Policy"))
          .startsWith(POLICY.formatted("; img-src https://cdn.shop.example:8443"))
          .endsWith("; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
          .doesNotContain("unsafe");
      assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
      assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
      assertThat(page.header("Vary")).containsIgnoringCase("Accept-Language");
      assertThat(page.header("ETag")).matches("W/\"[A-Za-z0-9_-]{22}\"");
      assertThat(page.body())
          .startsWith("<!doctype html>\n<html lang=\"en\" dir=\"ltr\" data-theme=\"auto\">")
          .contains("<title>Summer sale · " + application + "</title>")
          .contains("<p class=\"page-app\" dir=\"auto\">" + application + "</p>")
          .contains("<img class=\"page-logo\" src=\"https://cdn.shop.example:8443/brand/logo.svg\"")
          .contains("<h1 dir=\"auto\">Summer sale</h1>")
          .contains("Doors open at 9.\nOne pair each.</p>")
          .contains(
              "<script src=\"/scripts/queue.js?queue="
                  + queue
                  + "&amp;key="
                  + tenant.publishableKey()
                  + "&amp;lang=en\"></script>");
    }

    @Test
    void a_title_with_markup_is_shown_as_text_and_no_title_shows_the_queue_name() {
      Tenant tenant = newTenant();
      long hostile =
          newQueue(
              tenant,
              Map.of(
                  "title", "<script>alert(document.domain)</script>",
                  "message", "</p><img src=x onerror=alert(1)>"));
      String name = unique("plain-queue");
      long plain = newQueue(tenant, Map.of("name", name));

      String body = page(hostile, tenant.publishableKey(), "").body();
      assertThat(body)
          .contains("<h1 dir=\"auto\">&lt;script&gt;alert(document.domain)&lt;/script&gt;</h1>")
          .contains("&lt;/p&gt;&lt;img src=x onerror=alert(1)&gt;")
          .doesNotContain("<script>alert")
          .doesNotContain("<img src=x");
      assertThat(body.split("<script", -1)).as("the client is the only script").hasSize(2);

      Api.Answer unnamed = page(plain, tenant.publishableKey(), "");
      assertThat(unnamed.body()).contains("<h1 dir=\"auto\">" + name + "</h1>");
      assertThat(unnamed.body()).doesNotContain("<img").doesNotContain("<p class=\"page-message\"");
      assertThat(unnamed.header("Content-Security-Policy")).startsWith(POLICY.formatted(""));
    }

    @Test
    void the_parameters_go_on_to_the_client_and_arabic_is_right_to_left() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("redirect_url", "https://shop.example/welcome"));

      Api.Answer arabic =
          page(
              queue,
              tenant.publishableKey(),
              "&lang=ar&theme=dark&poll=5&target=https%3A%2F%2Fshop.example%2Fin%3Fx%3D1");
      assertThat(arabic.body())
          .startsWith("<!doctype html>\n<html lang=\"ar\" dir=\"rtl\" data-theme=\"dark\">")
          .contains("<title>" + queue(tenant, queue) + " · ")
          .contains(
              "&amp;lang=ar&amp;theme=dark&amp;poll=5"
                  + "&amp;target=https%3A%2F%2Fshop.example%2Fin%3Fx%3D1\"></script>");

      Api.Answer browser =
          api()
              .with("Accept-Language", "fr-CH, ar;q=0.8, en;q=0.5")
              .get("/wait/" + queue + "?key=" + tenant.publishableKey());
      assertThat(browser.body())
          .as("the browser's language when none is asked for, passed on to the client")
          .contains("<html lang=\"ar\" dir=\"rtl\"")
          .contains("&amp;lang=ar\"></script>");

      Api.Answer tracked =
          api()
              .raw()
              .get(
                  "/wait/"
                      + queue
                      + "?key="
                      + tenant.publishableKey()
                      + "&utm_source=newsletter&container=%23x&queue=1");
      assertThat(tracked.status())
          .as("other parameters, such as a mail's, are left alone")
          .isEqualTo(200);
      assertThat(tracked.body()).doesNotContain("utm_source").doesNotContain("container");
    }

    @Test
    void a_target_off_the_queues_and_applications_origins_is_refused_so_passes_stay_home() {
      Tenant tenant = newTenant();
      Api.Answer listed =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of(
                      "allowed_origins",
                      List.of(
                          "https://shop.example",
                          "http://plain.example",
                          "http://localhost:8080",
                          "*")));
      assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
      long queue = newQueue(tenant, Map.of("redirect_url", "https://in.shop.example/welcome"));

      for (String allowed :
          List.of(
              "https://shop.example/checkout?x=1",
              "https://SHOP.example:443/",
              "https://in.shop.example/elsewhere",
              "http://localhost:8080/dev")) {
        Api.Answer page = page(queue, tenant.publishableKey(), "&target=" + encode(allowed));
        assertThat(page.status()).as(allowed + ": " + page).isEqualTo(200);
        assertThat(page.body()).contains("target=" + encode(allowed));
      }
      for (String refused :
          List.of(
              "https://evil.example/<b>steal</b>",
              "https://shop.example.evil.example/",
              "https://shop.example:8443/",
              "http://shop.example/",
              "http://plain.example/",
              "http://localhost:9999/",
              "javascript:alert(1)",
              "//evil.example/")) {
        Api.Answer page = page(queue, tenant.publishableKey(), "&target=" + encode(refused));
        assertErrorPage(page, 400);
        assertThat(page.body())
            .as(refused)
            .contains("target: ")
            .doesNotContain("evil.example")
            .doesNotContain("<b>")
            .doesNotContain("javascript");
      }
      Api.Answer plainHttp =
          page(queue, tenant.publishableKey(), "&target=" + encode("http://shop.example/"));
      assertThat(plainHttp.body()).contains("an https URL");
      Api.Answer foreign =
          page(queue, tenant.publishableKey(), "&target=" + encode("https://evil.example/"));
      assertThat(foreign.body()).contains("redirect_url").contains("allowed_origins");
    }

    private static String encode(String text) {
      return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void the_same_page_revalidates_and_a_changed_queue_gets_a_new_etag() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("title", "Summer sale"));
      String etag = page(queue, tenant.publishableKey(), "").header("ETag");

      Api.Answer again =
          api()
              .with("If-None-Match", etag)
              .get("/wait/" + queue + "?key=" + tenant.publishableKey());
      assertThat(again.status()).isEqualTo(304);
      assertThat(again.body()).isEmpty();

      Api.Answer changed =
          api().withKey(tenant.secretKey()).put("/queues/" + queue, Map.of("title", "Sold out"));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      Api.Answer fresh =
          api()
              .with("If-None-Match", etag)
              .get("/wait/" + queue + "?key=" + tenant.publishableKey());
      assertThat(fresh.status()).isEqualTo(200);
      assertThat(fresh.header("ETag")).isNotEqualTo(etag);
      assertThat(fresh.body()).contains("<h1 dir=\"auto\">Sold out</h1>");
    }

    @Test
    void a_link_without_a_publishable_key_is_a_400_page_that_never_echoes_the_key() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());

      Api.Answer missing = api().raw().get("/wait/" + queue);
      Api.Answer secret = page(queue, tenant.secretKey(), "&lang=ar");
      Api.Answer garbage = page(queue, "pk_%3Cb%3E", "");

      for (Api.Answer refused : new Api.Answer[] {missing, secret, garbage}) {
        assertErrorPage(refused, 400);
        assertThat(refused.body()).contains("key: ");
      }
      assertThat(missing.body()).contains("This link to the waiting room is incomplete or wrong.");
      assertThat(secret.body())
          .contains("<html lang=\"ar\" dir=\"rtl\"")
          .contains("a secret key must never be put in a page")
          .doesNotContain(tenant.secretKey());
      assertThat(garbage.body()).doesNotContain("<b>");
    }

    @Test
    void an_unknown_queue_and_another_applications_key_get_the_same_404_page() {
      Tenant tenant = newTenant();
      Tenant other = newTenant();
      long queue = newQueue(tenant, Map.of());
      long deleted = newQueue(tenant, Map.of());
      assertThat(api().withKey(tenant.secretKey()).delete("/queues/" + deleted).status())
          .isEqualTo(204);

      Api.Answer unknown = page(987_654_321_987L, tenant.publishableKey(), "");
      Api.Answer othersKey = page(queue, other.publishableKey(), "");
      Api.Answer unknownKey = page(queue, "pk_" + "x".repeat(43), "");
      Api.Answer gone = page(deleted, tenant.publishableKey(), "");
      Api.Answer notAnId = api().raw().get("/wait/abc?key=" + tenant.publishableKey());

      for (Api.Answer answer : new Api.Answer[] {unknown, othersKey, unknownKey, gone, notAnId}) {
        assertErrorPage(answer, 404);
        assertThat(answer.body()).isEqualTo(unknown.body());
        assertThat(answer.body()).contains("This waiting room does not exist");
      }
    }

    private void assertErrorPage(Api.Answer answer, int status) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
      assertThat(answer.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
      assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
      assertThat(answer.header("Content-Security-Policy"))
          .startsWith("default-src 'none'; style-src 'sha256-")
          .doesNotContain("script-src");
      assertThat(answer.header("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(answer.header("Referrer-Policy")).isEqualTo("no-referrer");
      assertThat(answer.body()).startsWith("<!doctype html>").doesNotContain("<script");
    }

    private String queue(Tenant tenant, long queue) {
      return api().withKey(tenant.secretKey()).get("/queues/" + queue).text("name");
    }

    private Api.Answer page(long queue, String key, String more) {
      return api().get("/wait/" + queue + "?key=" + key + more);
    }
  }
}

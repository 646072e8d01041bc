package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * Which web pages may join, poll, cancel and stream: the application's {@code allowed_origins} (for
 * the poll, the cancel and the stream, those of the application the token's queue belongs to,
 * whatever key is sent), "*" for any, none listed for any in development and none in production,
 * and always Anteroom's own origin. A page may read every answer, the refusal too.
 */
class VisitorOriginsApiTest {

  static final String SHOP = "https://shop.example";
  static final String EVIL = "https://evil.example";

  @Nested
  @OnH2
  class OnH2Database extends Development {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Development {}

  @Nested
  @OnH2
  class OnH2InProduction extends Production {}

  @Nested
  @OnPostgres
  class OnPostgresInProduction extends Production {}

  abstract static class Development extends Calls {

    @Test
    void a_listed_origin_polls_streams_and_cancels_and_reads_each_answer() throws Exception {
      Tenant tenant = tenantAllowing(List.of(SHOP));
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);

      Api.Answer poll = status(token, SHOP);
      assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
      assertReadableBy(poll, SHOP);
      assertThat(status(token, "https://SHOP.example:443").status())
          .as("an origin spelled another way is compared in the stored form")
          .isEqualTo(200);

      Stream<String> events = openStream(token, SHOP, 200);
      assertThat(firstEvent(events)).contains("\"status\":\"waiting\"");
      events.close();

      Api.Answer cancelled = cancel(api(), token, SHOP);
      assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
      assertReadableBy(cancelled, SHOP);
      assertThat(cancelled.text("status")).isEqualTo("cancelled");
    }

    @Test
    void another_origin_is_refused_with_a_403_the_page_can_read_whatever_key_it_sends() {
      Tenant tenant = tenantAllowing(List.of(SHOP));
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);

      assertRefused(status(token, EVIL), EVIL);
      assertRefused(api().with("Origin", EVIL).get("/queue_status/stream?token=" + token), EVIL);
      assertRefused(cancel(api(), token, EVIL), EVIL);
      assertRefused(cancel(api().withKey(tenant.secretKey()), token, EVIL), EVIL);
      assertRefused(cancel(api().withKey(tenant.publishableKey()), token, EVIL), EVIL);

      Api.Answer still = api().get("/queue_status?token=" + token);
      assertThat(still.text("status")).as("the refused cancel took nothing").isEqualTo("waiting");
      assertThat(still.json().get("position").asInt()).isEqualTo(1);
    }

    @Test
    void a_request_without_an_origin_is_not_a_page_and_is_not_checked() throws Exception {
      Tenant tenant = tenantAllowing(List.of(SHOP));
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);

      Api.Answer poll = api().get("/queue_status?token=" + token);
      assertThat(poll.status()).isEqualTo(200);
      assertThat(poll.header("Access-Control-Allow-Origin"))
          .as("nothing to allow without a page")
          .isNull();
      openStream(token, null, 200).close();
      assertThat(api().post("/cancel", Map.of("token", token)).status()).isEqualTo(200);
    }

    @Test
    void a_star_lets_every_page_in() throws Exception {
      Tenant tenant = tenantAllowing(List.of("*"));
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);

      assertThat(join(tenant, queue, EVIL).status()).isEqualTo(201);
      Api.Answer poll = status(token, EVIL);
      assertThat(poll.status()).isEqualTo(200);
      assertReadableBy(poll, EVIL);
      openStream(token, EVIL, 200).close();
      assertThat(cancel(api(), token, EVIL).status()).isEqualTo(200);
    }

    @Test
    void an_application_that_lists_no_origin_is_open_to_every_page_in_development()
        throws Exception {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);

      assertThat(join(tenant, queue, EVIL).status()).isEqualTo(201);
      assertThat(status(token, EVIL).status()).isEqualTo(200);
      openStream(token, EVIL, 200).close();
      assertThat(cancel(api(), token, EVIL).status()).isEqualTo(200);
    }

    @Test
    void a_page_on_anterooms_own_origin_is_same_origin_and_needs_no_listing() throws Exception {
      Tenant tenant = tenantAllowing(List.of(SHOP));
      long queue = newQueue(tenant, Map.of());
      String own = api().base();

      Api.Answer joined = join(tenant, queue, own);
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      String token = joined.text("token");
      assertThat(status(token, own).status()).isEqualTo(200);
      openStream(token, own, 200).close();
      assertThat(cancel(api(), token, own).status()).isEqualTo(200);

      String sameHostOtherName = own.replace("127.0.0.1", "localhost");
      assertRefused(status(token, sameHostOtherName), sameHostOtherName);
      assertRefused(join(tenant, queue, sameHostOtherName), sameHostOtherName);
    }

    @Test
    void preflights_cannot_see_the_token_so_every_page_gets_one() {
      Api.Answer cancel =
          api()
              .raw()
              .with("Origin", EVIL)
              .with("Access-Control-Request-Method", "POST")
              .with("Access-Control-Request-Headers", "content-type")
              .send("OPTIONS", "/cancel", null, null);
      assertThat(cancel.status()).as(cancel.toString()).isEqualTo(204);
      assertThat(cancel.header("Access-Control-Allow-Origin")).isEqualTo(EVIL);
      assertThat(cancel.header("Access-Control-Allow-Methods")).isEqualTo("POST");
      assertThat(cancel.header("Access-Control-Allow-Headers"))
          .isEqualTo("X-API-Key, Content-Type");
      assertThat(cancel.header("Access-Control-Max-Age")).isEqualTo("600");

      // A preflight asking for what the path does not take is answered all the same (the
      // browser compares), never refused in plain text.
      Api.Answer odd =
          api()
              .raw()
              .with("Origin", EVIL)
              .with("Access-Control-Request-Method", "PUT")
              .with("Access-Control-Request-Headers", "authorization")
              .send("OPTIONS", "/cancel", null, null);
      assertThat(odd.status()).as(odd.toString()).isEqualTo(204);
      assertThat(odd.header("Access-Control-Allow-Methods")).isEqualTo("POST");

      Api.Answer stream =
          api()
              .raw()
              .with("Origin", EVIL)
              .with("Access-Control-Request-Method", "GET")
              .send("OPTIONS", "/queue_status/stream", null, null);
      assertThat(stream.status()).as(stream.toString()).isEqualTo(204);
      assertThat(stream.header("Access-Control-Allow-Origin")).isEqualTo(EVIL);
      assertThat(stream.header("Access-Control-Allow-Methods")).isEqualTo("GET");

      Api.Answer poll =
          api()
              .raw()
              .with("Origin", EVIL)
              .with("Access-Control-Request-Method", "GET")
              .with("Access-Control-Request-Headers", "x-api-key")
              .send("OPTIONS", "/queue_status", null, null);
      assertThat(poll.status()).as(poll.toString()).isEqualTo(204);
      assertThat(poll.header("Access-Control-Allow-Origin")).isEqualTo(EVIL);
      assertThat(poll.header("Access-Control-Allow-Methods")).contains("GET");
      assertThat(poll.header("Access-Control-Allow-Headers")).contains("X-API-Key");
      assertThat(poll.header("Access-Control-Max-Age")).isEqualTo("600");
    }
  }

  /**
   * A production node, which believes forwarded headers from loopback because the test enables the
   * documented opt-in ({@code server.forward-headers-strategy=native}).
   */
  @TestPropertySource(
      properties = {"anteroom.profile=production", "server.forward-headers-strategy=native"})
  abstract static class Production extends Calls {

    @Test
    void an_application_that_lists_no_origin_is_closed_to_every_other_page() throws Exception {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);

      assertRefused(join(tenant, queue, SHOP), SHOP);
      Api.Answer poll = status(token, SHOP);
      assertRefused(poll, SHOP);
      assertThat(poll.text("detail")).contains("allowed_origins");
      assertRefused(api().with("Origin", SHOP).get("/queue_status/stream?token=" + token), SHOP);
      assertRefused(cancel(api(), token, SHOP), SHOP);

      assertThat(api().get("/queue_status?token=" + token).status())
          .as("a request without Origin does not come from a page")
          .isEqualTo(200);
      openStream(token, null, 200).close();
      assertThat(api().post("/cancel", Map.of("token", token)).status()).isEqualTo(200);
    }

    @Test
    void anterooms_own_origin_is_allowed_without_being_listed() throws Exception {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String own = api().base();

      Api.Answer joined = join(tenant, queue, own);
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      String token = joined.text("token");
      Api.Answer poll = status(token, own);
      assertThat(poll.status()).isEqualTo(200);
      assertReadableBy(poll, own);
      openStream(token, own, 200).close();
      assertThat(cancel(api(), token, own).status()).isEqualTo(200);
    }

    @Test
    void behind_a_proxy_the_own_origin_is_the_one_the_proxy_forwards() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      String token = joinFromServer(tenant, queue);
      Api proxied =
          api().with("X-Forwarded-Proto", "https").with("X-Forwarded-Host", "wait.example");

      Api.Answer poll =
          proxied.with("Origin", "https://wait.example").get("/queue_status?token=" + token);
      assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
      assertRefused(
          proxied.with("Origin", api().base()).get("/queue_status?token=" + token), api().base());
      assertThat(cancel(proxied, token, "https://wait.example").status()).isEqualTo(200);
    }

    @Test
    void behind_a_proxy_that_forwards_nothing_the_browsers_same_origin_word_is_taken() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of());
      // The hosted page on https://wait.example, its TLS ended by a proxy that forwards no header:
      // the server sees plain http on its own address, so Origin alone cannot match.
      String page = "https://wait.example";
      Api sameOrigin = api().with("Sec-Fetch-Site", "same-origin");

      Api.Answer joined =
          sameOrigin
              .withKey(tenant.publishableKey())
              .with("Origin", page)
              .post("/join", Map.of("queue_id", queue));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      String token = joined.text("token");
      Api.Answer poll = sameOrigin.with("Origin", page).get("/queue_status?token=" + token);
      assertThat(poll.status()).as(poll.toString()).isEqualTo(200);

      Api crossSite = api().with("Sec-Fetch-Site", "cross-site");
      assertRefused(crossSite.with("Origin", page).get("/queue_status?token=" + token), page);
      assertRefused(
          crossSite
              .withKey(tenant.publishableKey())
              .with("Origin", page)
              .post("/join", Map.of("queue_id", queue)),
          page);
      assertRefused(status(token, page), page);
      assertThat(cancel(sameOrigin, token, page).status()).isEqualTo(200);
    }
  }

  /** The calls, and what every answer to a page must carry. */
  abstract static class Calls extends ApiTestBase {

    /**
     * Each test cancels the visitors whose streams it opened; a round a second later (streams send
     * at most once a second) sends them their last event, so no stream is left open for the
     * server's graceful shutdown to wait for.
     */
    @AfterEach
    void endStreams() {
      step(Duration.ofSeconds(1));
    }

    Tenant tenantAllowing(List<String> origins) {
      Tenant tenant = newTenant();
      Api.Answer changed =
          superAdmin().put("/applications/" + tenant.id(), Map.of("allowed_origins", origins));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      return tenant;
    }

    /** A place taken by the tenant's server, which sends no Origin. */
    String joinFromServer(Tenant tenant, long queue) {
      Api.Answer joined =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      return joined.text("token");
    }

    Api.Answer join(Tenant tenant, long queue, String origin) {
      return api()
          .withKey(tenant.publishableKey())
          .with("Origin", origin)
          .post("/join", Map.of("queue_id", queue));
    }

    Api.Answer status(String token, String origin) {
      return api().with("Origin", origin).get("/queue_status?token=" + token);
    }

    static Api.Answer cancel(Api api, String token, String origin) {
      return api.with("Origin", origin).post("/cancel", Map.of("token", token));
    }

    /** Opens the event stream as a page would and checks its answer; the caller closes it. */
    Stream<String> openStream(String token, String origin, int expected) throws Exception {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(api().base() + "/queue_status/stream?token=" + token))
              .header("Accept", "text/event-stream");
      if (origin != null) {
        request.header("Origin", origin);
      }
      HttpResponse<Stream<String>> response =
          HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines());
      assertThat(response.statusCode()).isEqualTo(expected);
      // A same-origin answer needs no CORS headers, and Spring adds none to it.
      if (origin != null && !origin.equals(api().base())) {
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(origin);
        assertThat(response.headers().allValues("Vary").toString()).contains("Origin");
      } else if (origin == null) {
        assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      }
      return response.body();
    }

    static String firstEvent(Stream<String> lines) throws Exception {
      return CompletableFuture.supplyAsync(
              () -> lines.filter(line -> line.startsWith("data:")).findFirst().orElseThrow())
          .get(5, TimeUnit.SECONDS);
    }

    static void assertReadableBy(Api.Answer answer, String origin) {
      assertThat(answer.header("Access-Control-Allow-Origin")).isEqualTo(origin);
      assertThat(answer.response().headers().allValues("Vary").toString()).contains("Origin");
    }

    static void assertRefused(Api.Answer answer, String origin) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(403);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.text("code")).isEqualTo("origin_not_allowed");
      assertThat(answer.text("detail")).contains(origin);
      assertReadableBy(answer, origin);
    }
  }
}

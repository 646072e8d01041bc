package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The join path answers ahead of the dispatcher; it must keep the API's error contract. */
@OnH2
class JoinEndpointApiTest extends ApiTestBase {

  @Test
  void bad_bodies_get_the_same_problems_as_everywhere_else() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());
    Api owner = api().withKey(tenant.secretKey()).raw();

    assertProblem(owner.send("POST", "/join", "{\"queue_id\":", "application/json"), 400);
    Api.Answer unknown =
        owner.send("POST", "/join", "{\"queue_id\":" + queue + ",\"seat\":1}", "application/json");
    assertProblem(unknown, 400);
    assertThat(unknown.text("field")).isEqualTo("seat");
    Api.Answer wrongType =
        owner.send("POST", "/join", "{\"queue_id\":\"" + queue + "\"}", "application/json");
    assertProblem(wrongType, 400);
    assertThat(wrongType.text("field")).isEqualTo("queue_id");
    assertProblem(owner.send("POST", "/join", "", "application/json"), 400);
    assertProblem(owner.send("POST", "/join", "[]", "application/json"), 400);
    assertProblem(owner.send("POST", "/join", "queue_id=1", "text/plain"), 415);
    assertProblem(owner.send("POST", "/join", null, null), 415);
    assertProblem(owner.get("/join"), 405);
  }

  @Test
  void a_body_over_64_kib_is_a_413_whether_announced_or_streamed() {
    Tenant tenant = newTenant();
    String big = "{\"visitor_id\":\"" + "x".repeat(70 * 1024) + "\"}";
    assertProblem(
        api().withKey(tenant.secretKey()).raw().send("POST", "/join", big, "application/json"),
        413);

    HttpRequest chunked =
        HttpRequest.newBuilder(URI.create(api().base() + "/join"))
            .header("Content-Type", "application/json")
            .header("X-API-Key", tenant.secretKey())
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new ByteArrayInputStream(big.getBytes())))
            .build();
    assertProblem(Api.send(chunked), 413);
  }

  @Test
  void credentials_are_checked_before_the_queue_is_looked_up() {
    assertProblem(api().raw().post("/join", Map.of("queue_id", 1)), 401);
    assertProblem(api().withKey("sk_nope").post("/join", Map.of("queue_id", 1)), 401);
  }

  @Test
  void browsers_get_their_preflight_and_their_origin_echoed() {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of());

    Api.Answer preflight =
        api()
            .raw()
            .with("Origin", "https://shop.example")
            .with("Access-Control-Request-Method", "POST")
            .send("OPTIONS", "/join", null, null);
    assertThat(preflight.status()).isEqualTo(204);
    assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
    assertThat(preflight.header("Access-Control-Allow-Headers")).contains("X-API-Key");

    Api.Answer joined =
        api()
            .withKey(tenant.publishableKey())
            .with("Origin", "https://shop.example")
            .post("/join", Map.of("queue_id", queue));
    assertThat(joined.status()).isEqualTo(201);
    assertThat(joined.header("Access-Control-Allow-Origin")).isEqualTo("https://shop.example");
  }

  @Test
  void the_openapi_document_describes_the_lean_paths() {
    var document = api().get("/docs/openapi.json").json();
    var paths = document.get("paths");
    assertThat(paths.get("/join").has("post")).isTrue();
    assertThat(paths.get("/queue_status").has("get")).isTrue();
    assertThat(paths.get("/join").get("post").get("requestBody").toString())
        .contains("#/components/schemas/JoinRequest");
    assertThat(document.at("/components/schemas/JoinRequest/required").toString())
        .contains("queue_id");
  }

  private static void assertProblem(Api.Answer answer, int status) {
    assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
    assertThat(answer.text("detail")).isNotBlank();
    assertThat(answer.body()).doesNotContain("Exception");
  }
}

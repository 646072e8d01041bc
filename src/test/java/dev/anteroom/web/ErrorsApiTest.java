package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ErrorsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Test
    void malformed_json_is_a_400_problem() {
      Api.Answer answer =
          superAdmin().raw().send("POST", "/applications", "{\"name\": ", "application/json");
      assertProblem(answer, 400);
      assertThat(answer.text("detail")).contains("not valid JSON");
    }

    @Test
    void an_unknown_field_is_named() {
      Api.Answer answer =
          superAdmin().raw().post("/applications", Map.of("name", unique("x"), "colour", "red"));
      assertProblem(answer, 400);
      assertThat(answer.text("field")).isEqualTo("colour");
      assertThat(answer.text("detail")).contains("colour");
    }

    @Test
    void a_wrong_type_is_named() {
      Api.Answer answer = superAdmin().raw().post("/applications", Map.of("name", 42));
      assertProblem(answer, 400);
      assertThat(answer.text("field")).isEqualTo("name");
    }

    @Test
    void duplicate_keys_and_trailing_garbage_are_refused() {
      assertProblem(
          superAdmin()
              .raw()
              .send("POST", "/applications", "{\"name\":\"a\",\"name\":\"b\"}", "application/json"),
          400);
      assertProblem(
          superAdmin()
              .raw()
              .send("POST", "/applications", "{\"name\":\"a\"} {}", "application/json"),
          400);
      assertProblem(
          superAdmin().raw().send("POST", "/applications", "[1,2]", "application/json"), 400);
      assertProblem(superAdmin().raw().send("POST", "/applications", "", "application/json"), 400);
    }

    @Test
    void a_body_over_64_kib_is_a_413_whether_announced_or_streamed() {
      String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
      assertProblem(superAdmin().raw().send("POST", "/applications", big, "application/json"), 413);

      HttpRequest chunked =
          HttpRequest.newBuilder(URI.create(api().base() + "/applications"))
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + login(ADMIN_EMAIL, ADMIN_PASSWORD))
              .POST(
                  HttpRequest.BodyPublishers.ofInputStream(
                      () -> new java.io.ByteArrayInputStream(big.getBytes())))
              .build();
      assertProblem(Api.send(chunked), 413);
    }

    @Test
    void a_wrong_content_type_is_a_415() {
      Api.Answer answer = superAdmin().raw().send("POST", "/applications", "name=x", "text/plain");
      assertProblem(answer, 415);
      assertThat(answer.text("detail")).contains("application/json");
    }

    @Test
    void unknown_paths_methods_and_ids_are_problems_too() {
      assertProblem(api().raw().get("/no/such/thing"), 404);
      assertProblem(
          superAdmin().raw().send("PATCH", "/applications", "{}", "application/json"), 405);
      assertProblem(superAdmin().raw().get("/applications/not-a-number"), 400);
      assertProblem(superAdmin().get("/applications/123"), 404);
    }

    @Test
    void missing_or_wrong_credentials_are_a_401_problem() {
      Api.Answer none = api().raw().get("/queues");
      assertProblem(none, 401);
      assertThat(none.header("WWW-Authenticate")).isNotBlank();
      assertProblem(api().withKey("sk_wrong").get("/queues"), 401);
      assertProblem(api().withKey("nonsense").get("/queues"), 401);
      assertProblem(api().raw().with("Authorization", "Basic abc").get("/queues"), 401);
    }

    @Test
    void no_answer_ever_carries_a_stack_trace() {
      Stream.of(
              superAdmin().raw().send("POST", "/applications", "{", "application/json"),
              superAdmin().raw().send("POST", "/queues", "{\"name\":[]}", "application/json"),
              superAdmin().raw().get("/applications/99999999999999999999"),
              api().raw().get("/error"))
          .forEach(
              answer ->
                  assertThat(answer.body())
                      .doesNotContain("Exception")
                      .doesNotContain("at dev.anteroom")
                      .doesNotContain("tools.jackson"));
    }

    private static void assertProblem(Api.Answer answer, int status) {
      assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
      assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
      assertThat(answer.json().get("status").asInt()).isEqualTo(status);
      assertThat(answer.text("detail")).isNotBlank();
      assertThat(answer.text("code")).isNotBlank();
    }
  }
}

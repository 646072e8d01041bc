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
    void a_duplicate_key_or_a_parse_failure_inside_a_field_names_the_field() {
      Api.Answer duplicate =
          superAdmin()
              .raw()
              .send("POST", "/applications", "{\"name\":\"a\",\"name\":\"b\"}", "application/json");
      assertProblem(duplicate, 400);
      assertThat(duplicate.text("field")).isEqualTo("name");
      assertThat(duplicate.text("detail")).contains("name").contains("more than once");

      Api.Answer broken =
          superAdmin()
              .raw()
              .send(
                  "POST",
                  "/applications",
                  "{\"name\":\"a\",\"description\": tru}",
                  "application/json");
      assertProblem(broken, 400);
      assertThat(broken.text("field")).isEqualTo("description");

      Tenant tenant = newTenant();
      Api.Answer lean =
          api()
              .withKey(tenant.secretKey())
              .raw()
              .send("POST", "/join", "{\"queue_id\":1,\"queue_id\":2}", "application/json");
      assertProblem(lean, 400);
      assertThat(lean.text("field")).isEqualTo("queue_id");
    }

    @Test
    void trailing_data_after_the_body_is_refused_and_said_so() {
      Api.Answer trailing =
          superAdmin()
              .raw()
              .send("POST", "/applications", "{\"name\":\"a\"} {}", "application/json");
      assertProblem(trailing, 400);
      assertThat(trailing.text("detail")).contains("after the JSON");
      Tenant tenant = newTenant();
      Api.Answer lean =
          api()
              .withKey(tenant.secretKey())
              .raw()
              .send("POST", "/join", "{\"queue_id\":1} x", "application/json");
      assertProblem(lean, 400);
      assertThat(lean.text("detail")).contains("after the JSON");
    }

    @Test
    void a_missing_query_parameter_is_named() {
      Api.Answer status = api().raw().get("/queue_status");
      assertProblem(status, 400);
      assertThat(status.text("field")).isEqualTo("token");
      Api.Answer stream = api().raw().get("/queue_status/stream");
      assertProblem(stream, 400);
      assertThat(stream.text("field")).isEqualTo("token");
    }

    @Test
    void every_problem_has_one_shape_whoever_answers_it() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey());
      String big = "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}";
      Map<String, Api.Answer> answers = new java.util.LinkedHashMap<>();
      answers.put(
          "/applications",
          superAdmin().raw().send("POST", "/applications", "{", "application/json"));
      answers.put("/applications/123", superAdmin().raw().get("/applications/123"));
      answers.put(
          "/applications/not-a-number", superAdmin().raw().get("/applications/not-a-number"));
      answers.put("/queues", api().raw().get("/queues"));
      answers.put("/no/such/thing", api().raw().get("/no/such/thing"));
      answers.put("/queues/1", sk.raw().send("PATCH", "/queues/1", "{}", "application/json"));
      answers.put("/queues/2", sk.raw().send("PUT", "/queues/2", "x", "text/plain"));
      answers.put("/queues/3", sk.raw().send("PUT", "/queues/3", big, "application/json"));
      answers.put("/join", sk.raw().send("POST", "/join", "x", "text/plain"));
      answers.put("/cancel", api().raw().post("/cancel", Map.of("token", "nonsense")));
      answers.put("/queue_status", api().raw().get("/queue_status?token=nonsense"));
      answers.put("/queue_status/stream", api().raw().get("/queue_status/stream?token=nonsense"));
      answers.forEach(
          (path, answer) -> {
            assertThat(answer.header("Content-Type"))
                .as(path + " " + answer)
                .startsWith("application/problem+json");
            assertThat(answer.json().propertyNames())
                .as(path + " " + answer)
                .contains("type", "title", "status", "detail", "instance", "code");
            assertThat(answer.text("type")).as(path).isEqualTo("about:blank");
            assertThat(answer.text("title")).as(path).isNotBlank();
            assertThat(answer.json().get("status").asInt()).as(path).isEqualTo(answer.status());
            assertThat(answer.text("instance")).as(path + " " + answer).isEqualTo(path);
          });
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

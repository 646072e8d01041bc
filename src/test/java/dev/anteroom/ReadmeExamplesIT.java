package dev.anteroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.ChildServer;
import dev.anteroom.support.ReadmeCurl;
import dev.anteroom.tenant.VisitorIdSignature;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's curl examples, taken from the README itself and run in the order written against the
 * packaged jar, each answer checked: its status and the fields the next examples rely on, which
 * fill the shell variables they use. The list of steps below names every command's method and path
 * in order, so a command added to, dropped from or moved in the README fails here until this list
 * says the same; the bodies and headers sent are the README's own.
 */
class ReadmeExamplesIT {

  private static final String PASSWORD = "readme-admin-password";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Map<String, String> vars = new HashMap<>();

  /**
   * One README command: its shape, the status it must answer, what to check and keep, and whether
   * it is a poll repeated (as the README says) until the visitor is released.
   */
  private record Step(
      String shape,
      int status,
      BiConsumer<JsonNode, Map<String, String>> then,
      boolean untilReleased) {}

  private static Step step(String shape, int status) {
    return new Step(shape, status, (json, vars) -> {}, false);
  }

  private static Step step(
      String shape, int status, BiConsumer<JsonNode, Map<String, String>> then) {
    return new Step(shape, status, then, false);
  }

  private static List<Step> steps() {
    return List.of(
        step(
            "POST /auth/login",
            200,
            (json, vars) -> vars.put("TOKEN", json.get("access_token").asString())),
        step(
            "POST /applications",
            201,
            (json, vars) -> {
              assertThat(json.get("secret_key").asString()).startsWith("sk_");
              assertThat(json.get("webhook_secret").asString()).startsWith("whsec_");
              keepKeys(json, vars);
              vars.put("APP", json.get("id").asString());
            }),
        step("GET /applications", 200, (json, vars) -> assertThat(total(json)).isEqualTo(1)),
        step(
            "GET /applications/$APP",
            200,
            (json, vars) -> assertThat(json.get("name").asString()).isEqualTo("shop")),
        step(
            "PUT /applications/$APP",
            200,
            (json, vars) ->
                assertThat(json.get("description").asString()).isEqualTo("Winter sale")),
        step(
            "POST /applications/$APP/rotate_keys",
            200,
            (json, vars) -> {
              assertThat(json.get("secret_key").asString()).isNotEqualTo(vars.get("SK"));
              keepKeys(json, vars);
            }),
        step(
            "GET /applications/$APP/visitor_signing_key",
            200,
            (json, vars) ->
                assertThat(json.get("visitor_signing_key").asString()).isEqualTo(vars.get("VSK"))),
        step(
            "POST /applications/$APP/rotate_webhook_secret",
            200,
            (json, vars) -> assertThat(json.get("webhook_secret").asString()).startsWith("whsec_")),
        step(
            "POST /admins",
            201,
            (json, vars) -> {
              assertThat(json.get("application_ids").get(0).asString()).isEqualTo(vars.get("APP"));
              vars.put("ADMIN", json.get("id").asString());
            }),
        step(
            "GET /admins?page=1&size=20",
            200,
            (json, vars) -> assertThat(total(json)).isEqualTo(2)),
        step("DELETE /admins/$ADMIN", 204),
        step(
            "POST /queues",
            201,
            (json, vars) -> {
              assertThat(json.get("state").asString()).isEqualTo("open");
              vars.put("QUEUE", json.get("id").asString());
            }),
        step(
            "GET /queues?application_id=$APP",
            200,
            (json, vars) -> assertThat(total(json)).isEqualTo(1)),
        step("GET /queues/$QUEUE", 200),
        step(
            "PUT /queues/$QUEUE",
            200,
            (json, vars) -> {
              assertThat(json.get("release_rate_per_minute").asInt()).isEqualTo(300);
              assertThat(json.get("title").asString()).isEqualTo("Winter sale");
            }),
        step(
            "POST /queues/$QUEUE/pause",
            200,
            (json, vars) -> assertThat(json.get("state").asString()).isEqualTo("paused")),
        step(
            "POST /join",
            201,
            (json, vars) -> {
              assertWaiting(json, 1);
              assertThat(json.get("eta_seconds").isNull()).as("paused").isTrue();
              assertThat(json.get("poll_after_seconds").asInt()).isEqualTo(10);
              vars.put("T", json.get("token").asString());
            }),
        step(
            "POST /join",
            201,
            (json, vars) -> {
              assertWaiting(json, 2);
              vars.put("T2", json.get("token").asString());
            }),
        step("POST /join", 201, (json, vars) -> assertWaiting(json, 3)),
        step(
            "POST /join",
            200,
            (json, vars) -> {
              assertWaiting(json, 4);
              assertThat(json.get("simulated").asBoolean()).isTrue();
              assertThat(json.has("token")).isFalse();
            }),
        step("GET /queue_status?token=$T", 200, (json, vars) -> assertWaiting(json, 1)),
        step("GET /queue_status/stream?token=$T", 200, (json, vars) -> assertWaiting(json, 1)),
        step(
            "POST /cancel",
            200,
            (json, vars) -> assertThat(json.get("status").asString()).isEqualTo("cancelled")),
        step(
            "POST /queues/$QUEUE/resume",
            200,
            (json, vars) -> assertThat(json.get("state").asString()).isEqualTo("open")),
        new Step(
            "GET /queue_status?token=$T",
            200,
            (json, vars) -> {
              assertThat(json.get("status").asString()).isEqualTo("released");
              assertThat(json.get("poll_after_seconds").asInt()).isEqualTo(30);
              vars.put("PASS", json.get("access_token").asString());
            },
            true),
        step(
            "GET /dashboard/callback_errors?application_id=$APP",
            200,
            (json, vars) -> assertThat(json.get("items").isArray()).isTrue()),
        step(
            "POST /dashboard/callback_errors/retry?application_id=$APP",
            200,
            (json, vars) -> assertThat(json.get("retried").asInt()).isNotNegative()),
        step(
            "POST /queues/$QUEUE/simulate",
            200,
            (json, vars) -> {
              assertThat(json.get("per_minute").size()).isEqualTo(1440);
              assertThat(json.get("per_minute").get(0).get("released").asInt()).isEqualTo(300);
            }),
        step(
            "GET /.well-known/jwks.json",
            200,
            (json, vars) -> assertThat(json.get("keys").size()).isPositive()),
        step(
            "POST /verify",
            200,
            (json, vars) -> {
              assertThat(json.get("valid").asBoolean()).isTrue();
              assertThat(json.get("visitor_id").asString()).isEqualTo("customer-42");
            }),
        step(
            "POST /complete",
            200,
            (json, vars) -> assertThat(json.get("ended_now").asBoolean()).isTrue()),
        step(
            "POST /signing_keys/rotate",
            200,
            (json, vars) -> assertThat(json.get("kid").asString()).isNotBlank()),
        step(
            "GET /dashboard/alerts?state=firing&page=1&size=20",
            200,
            (json, vars) -> assertThat(json.get("items").isArray()).isTrue()),
        step(
            "GET /dashboard/alerts?kind=disk_space",
            200,
            (json, vars) -> assertThat(json.get("total").isNumber()).isTrue()),
        step("DELETE /queues/$QUEUE", 204),
        step("DELETE /applications/$APP", 204),
        step(
            "GET /health",
            200,
            (json, vars) -> assertThat(json.get("status").asString()).isEqualTo("UP")),
        step("GET /metrics", 200),
        step(
            "GET /dashboard/summary",
            200,
            (json, vars) -> assertThat(json.get("applications").isNumber()).isTrue()),
        step(
            "GET /dashboard/queue_stats?page=1&size=20",
            200,
            (json, vars) -> assertThat(json.get("items").isArray()).isTrue()),
        step(
            "GET /dashboard/analytics?interval=hour&from=2026-05-01T00:00:00Z&to=2026-05-02T00:00:00Z",
            200,
            (json, vars) -> assertThat(json.get("points").size()).isEqualTo(24)));
  }

  @Test
  void the_readme_examples_run_in_order_and_answer_as_written(@TempDir Path workDir)
      throws Exception {
    List<String> commands = ReadmeCurl.commands(Files.readString(Path.of("README.md")));
    List<Step> steps = steps();
    List<String> shapes = new ArrayList<>();
    for (String command : commands) {
      shapes.add(ReadmeCurl.parse(command, name -> "$" + name).shape());
    }
    assertThat(shapes)
        .as("the README's curl commands, in order")
        .containsExactlyElementsOf(steps.stream().map(Step::shape).toList());

    try (ChildServer server =
        ChildServer.start(workDir, Map.of("ADMIN_PASSWORD", PASSWORD, "PORT", "0"))) {
      vars.put("A", "http://127.0.0.1:" + server.awaitPort(Duration.ofSeconds(120)));
      vars.put("ADMIN_PASSWORD", PASSWORD);
      for (int i = 0; i < commands.size(); i++) {
        run(commands.get(i), steps.get(i), i);
      }
    }
  }

  private void run(String command, Step step, int index) throws Exception {
    if (command.contains("$SIG")) {
      // What the tenant's server would make, as "Signing a visitor id" shows.
      long expires = Instant.now().getEpochSecond() + 600;
      vars.put("EXPIRES", Long.toString(expires));
      vars.put(
          "SIG",
          VisitorIdSignature.sign(
              vars.get("VSK"), Long.parseLong(vars.get("APP")), "customer-43", expires));
    }
    ReadmeCurl.Request request = ReadmeCurl.parse(command, vars::get);
    HttpResponse<String> answer = ReadmeCurl.send(request);
    // The release loop runs in real time: poll as the README says, for a bounded while.
    Instant deadline = Instant.now().plusSeconds(20);
    while (step.untilReleased()
        && answer.body().contains("\"waiting\"")
        && Instant.now().isBefore(deadline)) {
      Thread.sleep(200);
      answer = ReadmeCurl.send(request);
    }
    String context =
        "step " + index + ": " + step.shape() + " -> " + answer.statusCode() + " " + answer.body();
    assertThat(answer.statusCode()).as(context).isEqualTo(step.status());
    JsonNode json =
        answer.body().isBlank() || !answer.body().strip().startsWith("{")
            ? JSON.readTree("{}")
            : JSON.readTree(answer.body());
    try {
      step.then().accept(json, vars);
    } catch (AssertionError e) {
      throw new AssertionError(context + "\n" + e.getMessage(), e);
    }
  }

  private static void keepKeys(JsonNode json, Map<String, String> vars) {
    vars.put("SK", json.get("secret_key").asString());
    vars.put("PK", json.get("publishable_key").asString());
    vars.put("VSK", json.get("visitor_signing_key").asString());
  }

  private static long total(JsonNode page) {
    return page.get("total").asLong();
  }

  private static void assertWaiting(JsonNode json, int position) {
    assertThat(json.get("status").asString()).isEqualTo("waiting");
    assertThat(json.get("position").asInt()).isEqualTo(position);
  }
}

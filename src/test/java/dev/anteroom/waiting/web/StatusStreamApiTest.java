package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@OnH2
class StatusStreamApiTest extends ApiTestBase {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void the_stream_pushes_each_change_at_most_once_a_second_and_ends_at_release() throws Exception {
    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
    engine.releaseDue();
    String ahead =
        api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue)).text("token");
    String mine =
        api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue)).text("token");
    assertThat(ahead).isNotBlank();

    HttpResponse<Stream<String>> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(api().base() + "/queue_status/stream?token=" + mine))
                    .header("Accept", "text/event-stream")
                    .build(),
                HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
    Iterator<String> lines = response.body().iterator();

    JsonNode first = nextEvent(lines);
    assertThat(first.get("status").asString()).isEqualTo("waiting");
    assertThat(first.get("position").asInt()).isEqualTo(2);

    step(Duration.ofSeconds(1));
    JsonNode moved = nextEvent(lines);
    assertThat(moved.get("position").asInt()).isEqualTo(1);

    step(Duration.ofMillis(200));
    assertThat(streams.size()).as("nothing changed, nothing sent, still open").isEqualTo(1);

    step(Duration.ofSeconds(1));
    JsonNode released = nextEvent(lines);
    assertThat(released.get("status").asString()).isEqualTo("released");
    assertThat(released.get("access_token").asString()).isNotBlank();
    assertThat(endOfStream(lines)).isTrue();
    assertThat(streams.size()).isZero();
  }

  @Test
  void a_stream_for_a_forged_token_is_a_404_problem() {
    Api.Answer answer = api().get("/queue_status/stream?token=" + "A".repeat(43));
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
  }

  /** The data of the next event, waiting at most five seconds for it. */
  private static JsonNode nextEvent(Iterator<String> lines) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              List<String> seen = new ArrayList<>();
              while (lines.hasNext()) {
                String line = lines.next();
                seen.add(line);
                if (line.startsWith("data:")) {
                  return JSON.readTree(line.substring(5));
                }
              }
              throw new IllegalStateException("the stream ended after " + seen);
            })
        .get(5, TimeUnit.SECONDS);
  }

  private static boolean endOfStream(Iterator<String> lines) throws Exception {
    return CompletableFuture.supplyAsync(
            () -> {
              while (lines.hasNext()) {
                if (lines.next().startsWith("data:")) {
                  return false;
                }
              }
              return true;
            })
        .get(5, TimeUnit.SECONDS);
  }
}

package dev.anteroom.callback.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.standardwebhooks.Webhook;
import dev.anteroom.callback.Dispatcher;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * End to end through the API: a visitor joins, a release step lets it through (writing the outbox
 * row in the release's transaction), a dispatcher step delivers the callback, and the receiver
 * verifies it with the webhook secret the application was given, as a tenant would.
 */
class CallbackDeliveryApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private final JsonMapper json = JsonMapper.builder().build();
    @Autowired Dispatcher dispatcher;
    MockWebServer receiver;

    @BeforeEach
    void startReceiver() throws Exception {
      receiver = new MockWebServer();
      receiver.start();
    }

    @AfterEach
    void stopReceiver() {
      receiver.close();
    }

    private void deliver() throws InterruptedException {
      dispatcher.step(clock.instant());
      assertThat(dispatcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
    }

    /** Checks the signature with the reference library, as a receiver would. */
    private static void verify(String secret, RecordedRequest request) throws Exception {
      String body = request.getBody().utf8();
      String id = request.getHeaders().get("webhook-id");
      long timestamp = Long.parseLong(request.getHeaders().get("webhook-timestamp"));
      List<String> signatures = List.of(request.getHeaders().get("webhook-signature").split(" "));
      assertThat(signatures).contains(new Webhook(secret).sign(id, timestamp, body));
      // The library also refuses timestamps five minutes from its own clock; the shared test
      // clock may have been moved further than that by earlier tests.
      if (Math.abs(timestamp - Instant.now().getEpochSecond()) < 240) {
        new Webhook(secret).verify(body, request.getHeaders().toMultimap());
      }
    }

    @Test
    void a_released_visitor_is_announced_by_a_signed_callback_with_its_pass() throws Exception {
      Api.Answer created =
          superAdmin()
              .post(
                  "/applications",
                  Map.of(
                      "name",
                      unique("shop"),
                      "callback_url",
                      receiver.url("/hooks/anteroom").toString()));
      assertThat(created.status()).as(created.toString()).isEqualTo(201);
      String secret = created.text("webhook_secret");
      String secretKey = created.text("secret_key");
      Api sk = api().withKey(secretKey);
      Api.Answer queue =
          sk.post("/queues", Map.of("name", unique("drop"), "release_rate_per_minute", 60));
      long queueId = queue.id();
      Instant joinedAt = clock.instant();
      Api.Answer joined =
          sk.post("/join", Map.of("queue_id", queueId, "visitor_id", "customer-42"));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      receiver.enqueue(new MockResponse.Builder().code(204).build());

      for (int i = 0; i < 3; i++) {
        step(Duration.ofSeconds(1));
      }
      deliver();

      RecordedRequest request = receiver.takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      verify(secret, request);
      JsonNode payload = json.readTree(request.getBody().utf8());
      assertThat(payload.get("type").asString()).isEqualTo("visitor.released");
      JsonNode data = payload.get("data");
      assertThat(data.get("application_id").asLong()).isEqualTo(created.id());
      assertThat(data.get("queue_id").asLong()).isEqualTo(queueId);
      assertThat(data.get("visitor_id").asString()).isEqualTo("customer-42");
      assertThat(data.get("token").asString()).isEqualTo(joined.text("token"));
      assertThat(data.get("position_at_join").asInt()).isEqualTo(1);
      Instant releasedAt = Instant.parse(payload.get("timestamp").asString());
      assertThat(data.get("waited_seconds").asLong())
          .isEqualTo(Duration.between(joinedAt, releasedAt).toSeconds());
      Api.Answer check =
          sk.post("/verify", Map.of("access_token", data.get("access_token").asString()));
      assertThat(check.status()).as(check.toString()).isEqualTo(200);
      assertThat(check.json().get("valid").asBoolean()).isTrue();
      assertThat(Instant.parse(data.get("access_expires_at").asString())).isAfter(releasedAt);
      assertThat(request.getHeaders().get("webhook-id")).isEqualTo("msg_" + queueId + "_1_1");

      // Delivered once: another step sends nothing more.
      deliver();
      assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    void after_a_secret_rotation_both_secrets_sign_for_the_overlap() throws Exception {
      Api.Answer created =
          superAdmin()
              .post(
                  "/applications",
                  Map.of(
                      "name", unique("shop"), "callback_url", receiver.url("/hooks").toString()));
      String before = created.text("webhook_secret");
      Api sk = api().withKey(created.text("secret_key"));
      Api.Answer rotated = sk.post("/applications/" + created.id() + "/rotate_webhook_secret");
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      String after = rotated.text("webhook_secret");
      long queueId =
          sk.post("/queues", Map.of("name", unique("drop"), "release_rate_per_minute", 60)).id();
      sk.post("/join", Map.of("queue_id", queueId));
      receiver.enqueue(new MockResponse.Builder().code(200).build());

      for (int i = 0; i < 3; i++) {
        step(Duration.ofSeconds(1));
      }
      deliver();

      RecordedRequest request = receiver.takeRequest(10, TimeUnit.SECONDS);
      assertThat(request).isNotNull();
      assertThat(request.getHeaders().get("webhook-signature").split(" ")).hasSize(2);
      verify(after, request);
      verify(before, request);
    }
  }
}

package dev.anteroom.alert.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.alert.Alert;
import dev.anteroom.alert.AlertDispatcher;
import dev.anteroom.alert.AlertNotice;
import dev.anteroom.alert.AlertTexts;
import dev.anteroom.alert.Backoff;
import dev.anteroom.support.MutableClock;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alert webhooks against a loopback HTTP server: the Slack, Teams and generic shapes, the format
 * recognised from the host, and a receiver answering 500 retried with backoff.
 */
class WebhookChannelTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final MockWebServer server = new MockWebServer();
  private final MutableClock clock = MutableClock.startingAt("2026-03-01T10:00:00Z");
  private final AlertTexts texts = new AlertTexts(Duration.ofMinutes(15));

  @BeforeEach
  void start() throws Exception {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static AlertNotice started() {
    Alert alert =
        new Alert(
            901,
            new dev.anteroom.alert.AlertKey(dev.anteroom.alert.AlertKind.QUEUE_LENGTH, "queue:42"),
            7L,
            42L,
            Alert.State.FIRING,
            "queue '<drop> & co' (id 42) of application 'shop' has 250 visitors waiting",
            Instant.parse("2026-03-01T10:00:00Z"),
            Instant.parse("2026-03-01T10:00:00Z"),
            null,
            1);
    return new AlertNotice(AlertNotice.Event.STARTED, alert);
  }

  private static AlertNotice resolved() {
    Alert firing = started().alert();
    Alert alert =
        new Alert(
            firing.id(),
            firing.key(),
            firing.applicationId(),
            firing.queueId(),
            Alert.State.RESOLVED,
            firing.summary(),
            firing.startedAt(),
            Instant.parse("2026-03-01T10:05:00Z"),
            Instant.parse("2026-03-01T10:05:00Z"),
            2);
    return new AlertNotice(AlertNotice.Event.RESOLVED, alert);
  }

  private WebhookChannel channel(WebhookFormat format) {
    return new WebhookChannel(
        URI.create(server.url("/services/T000/B000/secret-path").toString()),
        format,
        new WebhookPayloads(texts),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5));
  }

  private JsonNode received() throws Exception {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).isNotNull();
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getHeaders().get("Content-Type")).startsWith("application/json");
    return JSON.readTree(request.getBody().utf8());
  }

  @Test
  void slack_gets_text_and_blocks_with_tenant_text_escaped() throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("ok").build());

    channel(WebhookFormat.SLACK).send(started());

    JsonNode body = received();
    assertThat(body.get("text").asString())
        .startsWith("[Anteroom] FIRING: Queue length - application 7, queue 42\n")
        .contains("&lt;drop&gt; &amp; co");
    JsonNode blocks = body.get("blocks");
    assertThat(blocks).hasSize(3);
    assertThat(blocks.get(0).get("type").asString()).isEqualTo("header");
    assertThat(blocks.get(0).get("text").get("type").asString()).isEqualTo("plain_text");
    assertThat(blocks.get(0).get("text").get("text").asString()).isEqualTo("FIRING: Queue length");
    assertThat(blocks.get(1).get("type").asString()).isEqualTo("section");
    assertThat(blocks.get(1).get("text").get("type").asString()).isEqualTo("mrkdwn");
    assertThat(blocks.get(1).get("text").get("text").asString()).contains("250 visitors waiting");
    assertThat(blocks.get(2).get("type").asString()).isEqualTo("context");
    assertThat(blocks.get(2).get("elements").get(0).get("text").asString())
        .contains("alert 901")
        .contains("queue_length");
  }

  @Test
  void teams_gets_a_message_with_an_adaptive_card() throws Exception {
    server.enqueue(new MockResponse.Builder().code(202).build());

    channel(WebhookFormat.TEAMS).send(resolved());

    JsonNode body = received();
    assertThat(body.get("type").asString()).isEqualTo("message");
    JsonNode attachment = body.get("attachments").get(0);
    assertThat(attachment.get("contentType").asString())
        .isEqualTo("application/vnd.microsoft.card.adaptive");
    JsonNode card = attachment.get("content");
    assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
    assertThat(card.get("version").asString()).isEqualTo("1.4");
    assertThat(card.get("body").get(0).get("text").asString()).isEqualTo("RESOLVED: Queue length");
    assertThat(card.get("body").get(0).get("color").asString()).isEqualTo("Good");
    assertThat(card.get("body").get(1).get("text").asString()).contains("<drop> & co");
    JsonNode facts = card.get("body").get(2);
    assertThat(facts.get("type").asString()).isEqualTo("FactSet");
    assertThat(facts.get("facts").toString())
        .contains("\"title\":\"Alert\",\"value\":\"901\"")
        .contains("\"title\":\"Resolved\",\"value\":\"2026-03-01T10:05:00Z\"");
  }

  @Test
  void generic_json_carries_the_event_and_the_alert() throws Exception {
    server.enqueue(new MockResponse.Builder().code(204).build());

    channel(WebhookFormat.GENERIC).send(started());

    JsonNode body = received();
    assertThat(body.get("event").asString()).isEqualTo("started");
    JsonNode alert = body.get("alert");
    assertThat(alert.get("id").asLong()).isEqualTo(901);
    assertThat(alert.get("kind").asString()).isEqualTo("queue_length");
    assertThat(alert.get("state").asString()).isEqualTo("firing");
    assertThat(alert.get("application_id").asLong()).isEqualTo(7);
    assertThat(alert.get("queue_id").asLong()).isEqualTo(42);
    assertThat(alert.get("resolved_at").isNull()).isTrue();
    assertThat(alert.get("notifications").asInt()).isEqualTo(1);
  }

  @Test
  void the_format_is_recognised_from_the_host_unless_named() {
    assertThat(WebhookFormat.recognise(URI.create("https://hooks.slack.com/services/T/B/x")))
        .isEqualTo(WebhookFormat.SLACK);
    assertThat(
            WebhookFormat.recognise(
                URI.create("https://contoso.webhook.office.com/webhookb2/abc/IncomingWebhook/x")))
        .isEqualTo(WebhookFormat.TEAMS);
    assertThat(
            WebhookFormat.recognise(
                URI.create("https://prod-12.westeurope.logic.azure.com:443/workflows/abc")))
        .isEqualTo(WebhookFormat.TEAMS);
    assertThat(WebhookFormat.recognise(URI.create("https://outlook.office.com/webhook/abc")))
        .isEqualTo(WebhookFormat.TEAMS);
    assertThat(WebhookFormat.recognise(URI.create("https://ops.example/alerts")))
        .isEqualTo(WebhookFormat.GENERIC);
    assertThat(WebhookFormat.recognise(URI.create("https://hooks.slack.com.evil.example/x")))
        .isEqualTo(WebhookFormat.GENERIC);
    assertThat(WebhookFormat.choose("Teams", URI.create("https://hooks.slack.com/x")))
        .isEqualTo(WebhookFormat.TEAMS);
    assertThat(WebhookFormat.choose("", URI.create("https://hooks.slack.com/x")))
        .isEqualTo(WebhookFormat.SLACK);
    assertThatThrownBy(() -> WebhookFormat.choose("discord", URI.create("https://x.example")))
        .hasMessageContaining("WEBHOOK_FORMAT must be slack, teams or generic");
  }

  @Test
  void a_receiver_answering_500_is_retried_with_backoff_and_the_url_path_is_never_told()
      throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("boom").build());
    server.enqueue(new MockResponse.Builder().code(503).build());
    server.enqueue(new MockResponse.Builder().code(200).build());
    WebhookChannel channel = channel(WebhookFormat.SLACK);
    assertThat(channel.describe()).isEqualTo("webhook (slack) to " + server.getHostName());
    assertThatThrownBy(() -> channel.send(started()))
        .hasMessage("HTTP 500: boom")
        .hasMessageNotContaining("secret-path");
    server.takeRequest(5, TimeUnit.SECONDS);

    AlertDispatcher dispatcher =
        new AlertDispatcher(
            List.of(channel),
            Runnable::run,
            clock,
            new Backoff(Duration.ofSeconds(10), 3, Duration.ofMinutes(5), 5),
            10);
    dispatcher.submit(started());
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(dispatcher.pending()).isEqualTo(1);

    clock.tick(Duration.ofSeconds(9));
    dispatcher.kick();
    assertThat(server.getRequestCount()).as("not before the backoff").isEqualTo(2);
    clock.tick(Duration.ofSeconds(1));
    dispatcher.kick();

    assertThat(server.getRequestCount()).isEqualTo(3);
    assertThat(dispatcher.pending()).isZero();
  }

  @Test
  void a_redirect_is_not_followed_and_counts_as_a_failure() {
    server.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", "http://169.254.169.254/")
            .build());

    assertThatThrownBy(() -> channel(WebhookFormat.GENERIC).send(started()))
        .hasMessageStartingWith("HTTP 302");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}

package dev.anteroom.callback.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.callback.Dispatcher;
import dev.anteroom.callback.SigningSecrets;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Failed callbacks as tenants see them: the error records a real dispatcher writes, listed with
 * filters and paging, redelivered one by one or in bulk, each tenant seeing only its own; and the
 * callback metrics at /metrics.
 */
class CallbackErrorsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  /** Every application signs with one test secret, until webhook secrets are wired in. */
  @TestConfiguration
  static class TestSecrets {
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Bean
    @Primary
    SigningSecrets testSigningSecrets() {
      return (applicationId, now) -> List.of(SECRET);
    }
  }

  @Import(TestSecrets.class)
  abstract static class Contract extends ApiTestBase {

    @Autowired Dispatcher dispatcher;
    @Autowired JdbcTemplate jdbc;
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

    /** A tenant whose queue's receiver answers 400 to {@code failures} released visitors. */
    private Failing failing(int failures) throws Exception {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("callback_url", receiver.url("/hook").toString()));
      for (int i = 0; i < failures; i++) {
        receiver.enqueue(new MockResponse.Builder().code(400).body("no such order").build());
      }
      Instant now = clock.instant();
      for (long seq = 1; seq <= failures; seq++) {
        jdbc.update(
            "INSERT INTO visitors (queue_id, seq, priority, state, joined_at, released_at,"
                + " expires_at) VALUES (?, ?, 5, 2, ?, ?, ?)",
            queue,
            seq,
            now.minusSeconds(30).toEpochMilli(),
            now.toEpochMilli(),
            now.plusSeconds(900).toEpochMilli());
        jdbc.update(
            "INSERT INTO callback_outbox (queue_id, seq, event_type, occurred_at, state, attempts,"
                + " due_at) VALUES (?, ?, 1, ?, 1, 0, ?)",
            queue,
            seq,
            now.toEpochMilli(),
            now.toEpochMilli());
      }
      deliver();
      return new Failing(tenant, queue);
    }

    private void deliver() throws InterruptedException {
      for (int i = 0; i < 5; i++) {
        dispatcher.step(clock.instant());
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(10))).isTrue();
      }
    }

    record Failing(Tenant tenant, long queue) {}

    private int outboxState(long queue, long seq) {
      return jdbc.queryForObject(
          "SELECT state FROM callback_outbox WHERE queue_id = ? AND seq = ?",
          Integer.class,
          queue,
          seq);
    }

    @Test
    void a_tenant_lists_its_error_records_with_what_was_sent_and_what_came_back() throws Exception {
      Failing a = failing(2);
      failing(1);

      Api.Answer list = api().withKey(a.tenant().secretKey()).get("/dashboard/callback_errors");

      assertThat(list.status()).as(list.toString()).isEqualTo(200);
      JsonNode json = list.json();
      assertThat(json.get("total").asLong()).isEqualTo(2);
      JsonNode first = json.get("items").get(0);
      assertThat(first.get("application_id").asLong()).isEqualTo(a.tenant().id());
      assertThat(first.get("queue_id").asLong()).isEqualTo(a.queue());
      assertThat(first.get("event_type").asString()).isEqualTo("visitor.released");
      assertThat(first.get("event_id").asString()).startsWith("msg_" + a.queue() + "_");
      assertThat(first.get("http_status").asInt()).isEqualTo(400);
      assertThat(first.get("error_kind").isNull()).isTrue();
      assertThat(first.get("response_snippet").asString()).isEqualTo("no such order");
      assertThat(first.get("target_url").asString()).endsWith("/hook");
      assertThat(first.get("attempts")).hasSize(1);
      assertThat(first.get("attempts").get(0).get("outcome").asString()).isEqualTo("400");
      assertThat(first.get("retried_at").isNull()).isTrue();
    }

    @Test
    void the_list_is_paged_and_filtered_by_application_queue_and_time() throws Exception {
      Failing a = failing(3);
      Api sk = api().withKey(a.tenant().secretKey());

      Api.Answer page2 = sk.get("/dashboard/callback_errors?page=2&size=2");
      assertThat(page2.json().get("items")).hasSize(1);
      assertThat(page2.json().get("total").asLong()).isEqualTo(3);
      assertThat(
              sk.get("/dashboard/callback_errors?queue_id=" + a.queue())
                  .json()
                  .get("total")
                  .asLong())
          .isEqualTo(3);
      assertThat(sk.get("/dashboard/callback_errors?queue_id=1").json().get("total").asLong())
          .isZero();
      String later = clock.instant().plusSeconds(60).toString();
      assertThat(sk.get("/dashboard/callback_errors?from=" + later).json().get("total").asLong())
          .isZero();
      assertThat(sk.get("/dashboard/callback_errors?to=" + later).json().get("total").asLong())
          .isEqualTo(3);
      Api.Answer admin =
          superAdmin().get("/dashboard/callback_errors?application_id=" + a.tenant().id());
      assertThat(admin.json().get("total").asLong()).isEqualTo(3);
    }

    @Test
    void bad_filters_are_refused_naming_the_field() {
      Tenant tenant = newTenant();
      Api sk = api().withKey(tenant.secretKey()).raw();

      Api.Answer badFrom = sk.get("/dashboard/callback_errors?from=yesterday");
      assertThat(badFrom.status()).isEqualTo(400);
      assertThat(badFrom.body()).contains("from");
      Api.Answer backwards =
          sk.get("/dashboard/callback_errors?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
      assertThat(backwards.status()).isEqualTo(400);
      assertThat(backwards.body()).contains("\"to\"");
      assertThat(sk.get("/dashboard/callback_errors?size=1000").status()).isEqualTo(400);
    }

    @Test
    void other_tenants_records_are_not_found_and_a_publishable_key_is_refused() throws Exception {
      Failing a = failing(1);
      Tenant other = newTenant();
      long id =
          api()
              .withKey(a.tenant().secretKey())
              .get("/dashboard/callback_errors")
              .json()
              .get("items")
              .get(0)
              .get("id")
              .asLong();
      Api otherKey = api().withKey(other.secretKey());

      assertThat(otherKey.get("/dashboard/callback_errors").json().get("total").asLong()).isZero();
      assertThat(
              otherKey.get("/dashboard/callback_errors?application_id=" + a.tenant().id()).status())
          .isEqualTo(404);
      assertThat(otherKey.post("/dashboard/callback_errors/" + id + "/retry").status())
          .isEqualTo(404);
      assertThat(
              otherKey
                  .post("/dashboard/callback_errors/retry?application_id=" + a.tenant().id())
                  .status())
          .isEqualTo(404);
      assertThat(otherKey.post("/dashboard/callback_errors/retry").json().get("retried").asInt())
          .isZero();
      assertThat(outboxState(a.queue(), 1)).as("nothing changed").isEqualTo(3);
      assertThat(
              api().withKey(a.tenant().publishableKey()).get("/dashboard/callback_errors").status())
          .isEqualTo(403);
      assertThat(api().get("/dashboard/callback_errors").status()).isEqualTo(401);
    }

    @Test
    void an_admin_of_another_application_neither_sees_nor_retries_the_records() throws Exception {
      Failing a = failing(1);
      Tenant other = newTenant();
      long id =
          api()
              .withKey(a.tenant().secretKey())
              .get("/dashboard/callback_errors")
              .json()
              .get("items")
              .get(0)
              .get("id")
              .asLong();
      Api bound = newAppAdmin(other.id());

      assertThat(bound.get("/dashboard/callback_errors").json().get("total").asLong()).isZero();
      assertThat(bound.get("/dashboard/callback_errors?application_id=" + a.tenant().id()).status())
          .isEqualTo(404);
      assertThat(bound.post("/dashboard/callback_errors/" + id + "/retry").status()).isEqualTo(404);
      assertThat(bound.post("/dashboard/callback_errors/retry").json().get("retried").asInt())
          .isZero();
      assertThat(outboxState(a.queue(), 1)).as("nothing changed").isEqualTo(3);
      assertThat(
              superAdmin()
                  .get("/dashboard/callback_errors?application_id=" + a.tenant().id())
                  .json()
                  .get("total")
                  .asLong())
          .isEqualTo(1);
    }

    @Test
    void a_retried_record_is_delivered_again_from_the_start() throws Exception {
      Failing a = failing(1);
      Api sk = api().withKey(a.tenant().secretKey());
      long id = sk.get("/dashboard/callback_errors").json().get("items").get(0).get("id").asLong();

      Api.Answer retried = sk.post("/dashboard/callback_errors/" + id + "/retry");

      assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
      assertThat(retried.json().get("retried_at").asString()).isEqualTo(clock.instant().toString());
      assertThat(outboxState(a.queue(), 1)).isEqualTo(1);
      receiver.enqueue(new MockResponse.Builder().code(200).build());
      deliver();
      assertThat(outboxState(a.queue(), 1)).isEqualTo(2);
      assertThat(receiver.getRequestCount()).isEqualTo(2);
    }

    @Test
    void a_bulk_retry_redelivers_every_matching_record_once() throws Exception {
      Failing a = failing(3);
      Api sk = api().withKey(a.tenant().secretKey());

      Api.Answer first = sk.post("/dashboard/callback_errors/retry?queue_id=" + a.queue());
      Api.Answer again = sk.post("/dashboard/callback_errors/retry?queue_id=" + a.queue());

      assertThat(first.status()).as(first.toString()).isEqualTo(200);
      assertThat(first.json().get("retried").asInt()).isEqualTo(3);
      assertThat(again.json().get("retried").asInt()).isZero();
      for (long seq = 1; seq <= 3; seq++) {
        assertThat(outboxState(a.queue(), seq)).isEqualTo(1);
        receiver.enqueue(new MockResponse.Builder().code(204).build());
      }
      deliver();
      for (long seq = 1; seq <= 3; seq++) {
        assertThat(outboxState(a.queue(), seq)).isEqualTo(2);
      }
    }

    @Test
    void callback_metrics_are_served_with_their_prometheus_names() throws Exception {
      Failing a = failing(1);
      String labels = "application_id=\"" + a.tenant().id() + "\",queue_id=\"" + a.queue() + "\"";
      dispatcher.refreshPending();

      String metrics = api().get("/metrics").body();

      assertThat(metrics).contains("callback_failure_total{" + labels + "} 1.0");
      assertThat(metrics).contains("callback_success_total{" + labels + "} 0.0");
      assertThat(metrics)
          .contains(
              "callback_attempts_total{application_id=\""
                  + a.tenant().id()
                  + "\",outcome=\"4xx\",queue_id=\""
                  + a.queue()
                  + "\"} 1.0");
      assertThat(metrics).contains("callback_duration_seconds_bucket{" + labels);
      assertThat(metrics).contains("callback_duration_seconds_count{" + labels + "} 1");
      assertThat(metrics).contains("callback_pending{" + labels + "} 0.0");
    }
  }
}

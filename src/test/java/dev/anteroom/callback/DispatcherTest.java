package dev.anteroom.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dispatcher over the real outbox tables and the real HTTP client, delivering to receivers on
 * loopback; the clock is moved by hand and {@code step} called directly, as the loop would.
 */
class DispatcherTest {

  @Nested
  class OnH2 extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.h2();
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends Contract {
    @Override
    DataSource dataSource() {
      return TestDatabases.postgres();
    }
  }

  abstract static class Contract {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private final JsonMapper json = JsonMapper.builder().build();
    DataSource source;
    DispatcherFixture db;
    MockWebServer receiver;
    final String secret = WebhookSignerTest.newSecret();

    abstract DataSource dataSource();

    @BeforeEach
    void start() throws Exception {
      source = dataSource();
      db = new DispatcherFixture(source);
      receiver = new MockWebServer();
      receiver.start();
    }

    @AfterEach
    void stop() throws Exception {
      receiver.close();
      db.close();
      // A pool per test: closing it at once keeps the suite under PostgreSQL's connection limit.
      if (source instanceof AutoCloseable pool) {
        pool.close();
      }
    }

    private String url() {
      return receiver.url("/hooks/anteroom").toString();
    }

    private static MockResponse status(int code) {
      return new MockResponse.Builder().code(code).body("status " + code).build();
    }

    private RecordedRequest take(MockWebServer server) throws InterruptedException {
      RecordedRequest request = server.takeRequest(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(request).as("a request reached the receiver").isNotNull();
      return request;
    }

    private void stepAndWait(Dispatcher dispatcher) throws InterruptedException {
      dispatcher.step(db.clock.instant());
      assertThat(dispatcher.awaitIdle(WAIT)).isTrue();
    }

    @Test
    void a_release_is_delivered_signed_as_the_reference_library_verifies_with_its_payload()
        throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, "customer-7");
      receiver.enqueue(status(204));
      Dispatcher dispatcher = db.dispatcher(8, 4, true);

      stepAndWait(dispatcher);

      RecordedRequest request = take(receiver);
      String body = request.getBody().utf8();
      Map<String, List<String>> headers = request.getHeaders().toMultimap();
      new Webhook(secret).verify(body, headers);
      assertThat(request.getHeaders().get("webhook-id")).isEqualTo("msg_" + queue + "_1_1");
      assertThat(request.getHeaders().get("webhook-timestamp"))
          .isEqualTo(Long.toString(db.clock.instant().getEpochSecond()));
      assertThat(request.getHeaders().get("content-type")).startsWith("application/json");
      assertThat(request.getHeaders().get("user-agent")).contains("Anteroom");
      JsonNode payload = json.readTree(body);
      assertThat(payload.get("type").asString()).isEqualTo("visitor.released");
      JsonNode data = payload.get("data");
      assertThat(data.get("application_id").asLong()).isEqualTo(db.applicationOf(queue));
      assertThat(data.get("queue_id").asLong()).isEqualTo(queue);
      assertThat(data.get("visitor_id").asString()).isEqualTo("customer-7");
      assertThat(data.get("token").asString()).isEqualTo(db.tokens.issue(queue, 1));
      assertThat(data.get("access_token").asString()).isEqualTo("pass-" + queue + "-1");
      assertThat(data.get("waited_seconds").asLong()).isEqualTo(90);
      assertThat(data.get("position_at_join").asInt()).isEqualTo(1);
      assertThat(db.state(queue, 1)).isEqualTo(2);
      assertThat(db.attempts(queue, 1)).isEqualTo(1);
      assertThat(db.outcomes.recentByQueue(Duration.ofMinutes(5), db.clock.instant()))
          .containsExactly(new CallbackOutcomes.Tally(db.applicationOf(queue), queue, 1, 0));
    }

    @Test
    void during_a_secret_rotation_each_of_the_two_secrets_verifies() throws Exception {
      long queue = db.newQueue(url(), secret);
      String previous = WebhookSignerTest.newSecret();
      db.secrets.put(db.applicationOf(queue), List.of(secret, previous));
      db.released(queue, 1, null);
      receiver.enqueue(status(200));

      stepAndWait(db.dispatcher(8, 4, true));

      RecordedRequest request = take(receiver);
      String body = request.getBody().utf8();
      assertThat(request.getHeaders().get("webhook-signature").split(" ")).hasSize(2);
      new Webhook(secret).verify(body, request.getHeaders().toMultimap());
      new Webhook(previous).verify(body, request.getHeaders().toMultimap());
    }

    @Test
    void failures_are_retried_at_growing_virtual_times_with_one_webhook_id_then_recorded()
        throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      for (int i = 0; i < 4; i++) {
        receiver.enqueue(status(503));
      }
      Dispatcher dispatcher = db.dispatcher(8, 4, true);
      List<Duration> gaps = new ArrayList<>();
      List<String> ids = new ArrayList<>();

      stepAndWait(dispatcher);
      ids.add(take(receiver).getHeaders().get("webhook-id"));
      for (int retry = 1; retry <= 3; retry++) {
        Instant attempted = db.clock.instant();
        Instant due = db.dueAt(queue, 1);
        Duration gap = Duration.between(attempted, due);
        long ceiling = 1000L * (long) Math.pow(4, retry - 1);
        assertThat(gap.toMillis()).as("wait before retry " + retry).isBetween(ceiling / 2, ceiling);
        gaps.add(gap);
        // Not a moment early: a step just before the due time sends nothing.
        db.clock.set(due.minusMillis(1));
        stepAndWait(dispatcher);
        assertThat(receiver.getRequestCount()).isEqualTo(retry);
        db.clock.set(due);
        stepAndWait(dispatcher);
        ids.add(take(receiver).getHeaders().get("webhook-id"));
      }

      assertThat(gaps.get(1)).isGreaterThan(gaps.get(0));
      assertThat(gaps.get(2)).isGreaterThan(gaps.get(1));
      assertThat(ids).hasSize(4).containsOnly("msg_" + queue + "_1_1");
      assertThat(db.state(queue, 1)).isEqualTo(3);
      assertThat(db.attempts(queue, 1)).isEqualTo(4);
      List<Map<String, Object>> errors = db.errors(queue);
      assertThat(errors).hasSize(1);
      Map<String, Object> error = errors.get(0);
      assertThat(((Number) error.get("http_status")).intValue()).isEqualTo(503);
      assertThat(error.get("response_snippet")).isEqualTo("status 503");
      assertThat(error.get("target_url")).isEqualTo(url());
      assertThat(AttemptLog.parse((String) error.get("attempt_log"))).hasSize(4);
      assertThat(db.outcomes.recentByApplication(Duration.ofMinutes(5), db.clock.instant()))
          .containsExactly(new CallbackOutcomes.Tally(db.applicationOf(queue), null, 0, 1));
    }

    @Test
    void a_retry_after_longer_than_the_backoff_is_honoured() throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      receiver.enqueue(
          new MockResponse.Builder().code(429).addHeader("Retry-After", "120").build());
      receiver.enqueue(status(200));
      Dispatcher dispatcher = db.dispatcher(8, 4, true);

      stepAndWait(dispatcher);
      take(receiver);

      assertThat(db.dueAt(queue, 1)).isEqualTo(db.clock.instant().plusSeconds(120));
      db.clock.tick(Duration.ofSeconds(119));
      stepAndWait(dispatcher);
      assertThat(receiver.getRequestCount()).isEqualTo(1);
      db.clock.tick(Duration.ofSeconds(1));
      stepAndWait(dispatcher);
      take(receiver);
      assertThat(db.state(queue, 1)).isEqualTo(2);
    }

    @Test
    void a_400_fails_at_once_and_a_redirect_is_not_followed() throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      db.released(queue, 2, null);
      receiver.enqueue(status(400));
      receiver.enqueue(
          new MockResponse.Builder().code(302).addHeader("Location", url() + "/elsewhere").build());
      Dispatcher dispatcher = db.dispatcher(8, 1, true);

      stepAndWait(dispatcher);
      db.clock.tick(Duration.ofSeconds(1));
      stepAndWait(dispatcher);
      db.clock.tick(Duration.ofHours(2));
      stepAndWait(dispatcher);

      assertThat(receiver.getRequestCount()).isEqualTo(2);
      assertThat(db.state(queue, 1)).isEqualTo(3);
      assertThat(db.state(queue, 2)).isEqualTo(3);
      assertThat(db.errors(queue))
          .extracting(e -> ((Number) e.get("http_status")).intValue())
          .containsExactlyInAnyOrder(400, 302);
    }

    @Test
    void a_slow_host_does_not_hold_back_another_hosts_deliveries() throws Exception {
      try (MockWebServer slow = new MockWebServer()) {
        slow.start();
        for (int i = 0; i < 11; i++) {
          slow.enqueue(
              new MockResponse.Builder().code(200).headersDelay(1, TimeUnit.SECONDS).build());
        }
        receiver.enqueue(status(200));
        receiver.enqueue(status(200));
        // The two receivers differ by host name, so each has its own bound of two.
        long slowQueue =
            db.newQueue(slow.url("/slow").toString().replace("localhost", "127.0.0.1"), secret);
        long fastQueue = db.newQueue(url(), secret);
        for (long seq = 1; seq <= 11; seq++) {
          db.released(slowQueue, seq, null);
        }
        db.released(fastQueue, 1, null);
        db.released(fastQueue, 2, null);
        Dispatcher dispatcher = db.dispatcher(32, 2, true, Duration.ofSeconds(10));

        Dispatcher.StepResult result = dispatcher.step(db.clock.instant());

        // Two of the slow host's run, eight wait in its lane (four per slot), one is given back.
        assertThat(result.claimed()).isEqualTo(13);
        assertThat(result.launched()).isEqualTo(4);
        assertThat(result.queued()).isEqualTo(8);
        assertThat(result.postponed()).isEqualTo(1);
        take(receiver);
        take(receiver);
        awaitDelivered(dispatcher, fastQueue, 1);
        awaitDelivered(dispatcher, fastQueue, 2);
        assertThat(dispatcher.inFlight()).as("the slow host's two are still running").isEqualTo(2);
        long untried =
            java.util.stream.LongStream.rangeClosed(1, 11)
                .filter(seq -> db.attempts(slowQueue, seq) == 0)
                .count();
        assertThat(untried).isEqualTo(11);

        // The lane empties by itself as the slow host answers; the one given back comes later.
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(20))).isTrue();
        assertThat(slow.getRequestCount()).isEqualTo(10);
        db.clock.tick(Duration.ofSeconds(1));
        stepAndWait(dispatcher);
        assertThat(slow.getRequestCount()).isEqualTo(11);
        for (long seq = 1; seq <= 11; seq++) {
          assertThat(db.state(slowQueue, seq)).isEqualTo(2);
        }
      }
    }

    @Test
    void an_event_that_waited_half_its_lease_for_its_host_is_given_back_unsent() throws Exception {
      try (MockWebServer slow = new MockWebServer()) {
        slow.start();
        slow.enqueue(
            new MockResponse.Builder().code(200).headersDelay(1, TimeUnit.SECONDS).build());
        slow.enqueue(status(200));
        long queue = db.newQueue(slow.url("/slow").toString(), secret);
        db.released(queue, 1, null);
        db.released(queue, 2, null);
        Dispatcher dispatcher = db.dispatcher(8, 1, true, Duration.ofSeconds(10));

        Dispatcher.StepResult result = dispatcher.step(db.clock.instant());
        assertThat(result.queued()).isEqualTo(1);
        db.clock.tick(Duration.ofSeconds(31));
        assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

        assertThat(slow.getRequestCount()).isEqualTo(1);
        assertThat(db.attempts(queue, 2)).isZero();
        assertThat(db.row(queue, 2).get("claimed_until")).isNull();
        assertThat(db.dueAt(queue, 2)).isEqualTo(db.clock.instant().plusSeconds(1));
      }
    }

    private void awaitDelivered(Dispatcher dispatcher, long queue, long seq)
        throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (db.state(queue, seq) != 2 && System.nanoTime() < deadline) {
        dispatcher.flush();
        Thread.sleep(20);
      }
      assertThat(db.state(queue, seq)).isEqualTo(2);
    }

    @Test
    void events_pending_at_a_restart_are_delivered_by_the_next_dispatcher() throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      receiver.enqueue(status(500));
      receiver.enqueue(status(200));
      receiver.enqueue(status(200));

      stepAndWait(db.dispatcher(8, 4, true));
      db.released(queue, 2, null);
      // A new dispatcher over the same database, as after a restart.
      Dispatcher restarted = db.dispatcher(8, 4, true);
      db.clock.tick(Duration.ofSeconds(1));
      stepAndWait(restarted);

      assertThat(receiver.getRequestCount()).isEqualTo(3);
      assertThat(db.state(queue, 1)).isEqualTo(2);
      assertThat(db.state(queue, 2)).isEqualTo(2);
    }

    @Test
    void the_outbox_counts_what_every_node_finished_per_application() throws Exception {
      long queue = db.newQueue(url(), secret);
      long other = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      receiver.enqueue(status(400));
      stepAndWait(db.dispatcher(8, 1, true));
      // Another node delivers the next ones.
      db.clock.tick(Duration.ofSeconds(1));
      db.released(queue, 2, null);
      db.released(other, 1, null);
      receiver.enqueue(status(200));
      receiver.enqueue(status(200));
      stepAndWait(db.dispatcher(8, 1, true));
      db.released(queue, 3, null);
      Instant now = db.clock.instant();

      assertThat(db.outbox.finishedByApplication(now.minus(Duration.ofMinutes(5)), now))
          .containsExactlyInAnyOrder(
              new CallbackOutcomes.Tally(db.applicationOf(queue), null, 1, 1),
              new CallbackOutcomes.Tally(db.applicationOf(other), null, 1, 0));
      assertThat(db.outbox.finishedByApplication(now.minusMillis(500), now))
          .as("only what finished in the window")
          .containsExactlyInAnyOrder(
              new CallbackOutcomes.Tally(db.applicationOf(queue), null, 1, 0),
              new CallbackOutcomes.Tally(db.applicationOf(other), null, 1, 0));
    }

    @Test
    void a_claimed_event_whose_worker_died_comes_back_when_its_lease_ends() throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      receiver.enqueue(status(200));
      Instant now = db.clock.instant();
      // A worker claims it and dies.
      assertThat(db.outbox.claim(now, now.plus(Duration.ofMinutes(1)), 10, Set.of())).hasSize(1);
      Dispatcher dispatcher = db.dispatcher(8, 4, true);

      stepAndWait(dispatcher);
      assertThat(receiver.getRequestCount()).isZero();
      db.clock.tick(Duration.ofSeconds(59));
      stepAndWait(dispatcher);
      assertThat(receiver.getRequestCount()).isZero();
      db.clock.tick(Duration.ofSeconds(1));
      stepAndWait(dispatcher);

      take(receiver);
      assertThat(db.state(queue, 1)).isEqualTo(2);
    }

    @Test
    void a_claim_skips_the_rows_another_claim_holds() {
      long queue = db.newQueue(url(), secret);
      for (long seq = 1; seq <= 50; seq++) {
        db.released(queue, seq, null);
      }
      Instant now = db.clock.instant();
      Instant lease = now.plus(Duration.ofMinutes(1));

      List<OutboxRow> first = db.outbox.claim(now, lease, 30, Set.of());
      List<OutboxRow> second = db.outbox.claim(now, lease, 30, Set.of());

      assertThat(first).hasSize(30);
      assertThat(second).hasSize(20);
      assertThat(first.stream().map(OutboxRow::key))
          .doesNotContainAnyElementsOf(second.stream().map(OutboxRow::key).toList());
    }

    @Test
    void two_workers_claiming_at_the_same_moment_never_take_the_same_event() throws Exception {
      long queue = db.newQueue(url(), secret);
      ExecutorService workers = Executors.newFixedThreadPool(2);
      try {
        for (int round = 0; round < 10; round++) {
          for (long seq = round * 40L + 1; seq <= round * 40L + 40; seq++) {
            db.released(queue, seq, null);
          }
          Instant now = db.clock.instant();
          Instant lease = now.plus(Duration.ofMinutes(1));
          CyclicBarrier together = new CyclicBarrier(2);
          Callable<List<OutboxRow>> claim =
              () -> {
                together.await(5, TimeUnit.SECONDS);
                return db.outbox.claim(now, lease, 30, Set.of());
              };
          Future<List<OutboxRow>> first = workers.submit(claim);
          Future<List<OutboxRow>> second = workers.submit(claim);
          List<EventKey> a = first.get(10, TimeUnit.SECONDS).stream().map(OutboxRow::key).toList();
          List<EventKey> b = second.get(10, TimeUnit.SECONDS).stream().map(OutboxRow::key).toList();

          assertThat(a).as("round %d", round).doesNotContainAnyElementsOf(b);
          assertThat(a.size() + b.size()).as("round %d", round).isLessThanOrEqualTo(40);
        }
      } finally {
        workers.shutdownNow();
      }
    }

    @Test
    void an_event_whose_secret_cannot_be_read_waits_unsent_and_goes_out_afterwards()
        throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      db.released(queue, 2, null);
      receiver.enqueue(status(204));
      receiver.enqueue(status(204));
      Dispatcher dispatcher = db.dispatcher(8, 4, true);
      db.secretFailures.set(1);

      Dispatcher.StepResult result = dispatcher.step(db.clock.instant());
      assertThat(dispatcher.awaitIdle(WAIT)).isTrue();

      // One failed lookup for the application: both its events wait, none counts an attempt.
      assertThat(result.postponed()).isEqualTo(2);
      assertThat(receiver.getRequestCount()).isZero();
      for (long seq = 1; seq <= 2; seq++) {
        assertThat(db.state(queue, seq)).isEqualTo(1);
        assertThat(db.attempts(queue, seq)).isZero();
      }
      assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM callback_errors", Long.class))
          .isZero();

      db.clock.tick(Duration.ofSeconds(1));
      stepAndWait(dispatcher);

      take(receiver);
      take(receiver);
      assertThat(db.state(queue, 1)).isEqualTo(2);
      assertThat(db.state(queue, 2)).isEqualTo(2);
    }

    @Test
    void outcomes_whose_write_failed_are_written_by_the_next_flush_and_not_sent_again()
        throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      receiver.enqueue(status(204));
      Dispatcher dispatcher = db.dispatcher(8, 4, true);
      db.recordFailures.set(1);

      dispatcher.step(db.clock.instant());
      take(receiver);
      assertThatThrownBy(() -> dispatcher.awaitIdle(WAIT)).hasMessageContaining("unavailable");
      assertThat(db.state(queue, 1)).isEqualTo(1);

      dispatcher.flush();

      assertThat(db.state(queue, 1)).isEqualTo(2);
      assertThat(db.attempts(queue, 1)).isEqualTo(1);
      db.clock.tick(Duration.ofMinutes(2));
      stepAndWait(dispatcher);
      assertThat(receiver.getRequestCount()).isEqualTo(1);
    }

    @Test
    void a_slow_hosts_backlog_deeper_than_a_batch_is_left_alone_while_its_lane_is_full()
        throws Exception {
      try (MockWebServer slow = new MockWebServer()) {
        slow.start();
        for (int i = 0; i < 8; i++) {
          slow.enqueue(
              new MockResponse.Builder().code(200).headersDelay(2, TimeUnit.SECONDS).build());
        }
        long slowQueue =
            db.newQueue(slow.url("/slow").toString().replace("localhost", "127.0.0.1"), secret);
        for (long seq = 1; seq <= 300; seq++) {
          db.released(slowQueue, seq, null);
        }
        long fastQueue = db.newQueue(url(), secret);
        db.clock.tick(Duration.ofMillis(1));
        for (long seq = 1; seq <= 3; seq++) {
          db.released(fastQueue, seq, null);
          receiver.enqueue(status(200));
        }
        Dispatcher dispatcher = db.dispatcher(8, 2, true, Duration.ofSeconds(10));

        // The batch (100) holds only the slow host's events: two run, eight wait, 90 go back.
        Dispatcher.StepResult first = dispatcher.step(db.clock.instant());
        // Its lane is full, so the next claim leaves its 290 rows alone and finds the others'.
        Dispatcher.StepResult second = dispatcher.step(db.clock.instant());

        assertThat(first.claimed()).isEqualTo(100);
        assertThat(first.postponed()).isEqualTo(90);
        assertThat(second.claimed()).isEqualTo(3);
        assertThat(second.postponed()).isZero();
        for (int i = 0; i < 3; i++) {
          take(receiver);
        }
        awaitDelivered(dispatcher, fastQueue, 3);
      }
    }

    @Test
    void a_loopback_target_is_refused_at_connect_time_unless_private_targets_are_allowed()
        throws Exception {
      long queue = db.newQueue(url(), secret);
      long literal = db.newQueue(url().replace("localhost", "127.0.0.1"), secret);
      db.released(queue, 1, null);
      db.released(literal, 1, null);
      receiver.enqueue(status(200));

      stepAndWait(db.dispatcher(8, 4, false));

      assertThat(receiver.getRequestCount()).isZero();
      assertThat(db.state(queue, 1)).isEqualTo(3);
      assertThat(db.state(literal, 1)).isEqualTo(3);
      assertThat(db.errors(queue).get(0).get("error_kind")).isEqualTo("refused_address");
      assertThat((String) db.errors(queue).get(0).get("response_snippet")).contains("loopback");
      assertThat(db.errors(literal).get(0).get("error_kind")).isEqualTo("refused_address");
    }

    @Test
    void an_application_without_a_webhook_secret_or_a_target_fails_with_a_clear_kind()
        throws Exception {
      long noSecret = db.newQueue(url(), null);
      long noTarget = db.newQueue(null, secret);
      db.released(noSecret, 1, null);
      db.released(noTarget, 1, null);

      stepAndWait(db.dispatcher(8, 4, true));

      assertThat(receiver.getRequestCount()).isZero();
      assertThat(db.errors(noSecret).get(0).get("error_kind")).isEqualTo("no_webhook_secret");
      assertThat(db.errors(noTarget).get(0).get("error_kind")).isEqualTo("no_target");
      assertThat(((Number) db.errors(noSecret).get(0).get("application_id")).longValue())
          .isEqualTo(db.applicationOf(noSecret));
    }

    @Test
    void a_timeout_is_retried() throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      receiver.enqueue(
          new MockResponse.Builder().code(200).headersDelay(3, TimeUnit.SECONDS).build());
      Dispatcher dispatcher = db.dispatcher(8, 4, true, Duration.ofMillis(500));

      stepAndWait(dispatcher);

      assertThat(db.state(queue, 1)).isEqualTo(1);
      assertThat(db.attempts(queue, 1)).isEqualTo(1);
      assertThat((String) db.row(queue, 1).get("attempt_log")).endsWith(":timeout");
    }

    @Test
    void finished_rows_are_purged_after_the_retention() throws Exception {
      long queue = db.newQueue(url(), secret);
      db.released(queue, 1, null);
      db.released(queue, 2, null);
      receiver.enqueue(status(200));
      Dispatcher dispatcher = db.dispatcher(8, 1, true);
      stepAndWait(dispatcher);

      db.clock.tick(Duration.ofDays(3).plusSeconds(1));
      assertThat(dispatcher.purge(db.clock.instant(), Duration.ofDays(3))).isEqualTo(1);
      assertThat(
              db.jdbc.queryForObject(
                  "SELECT COUNT(*) FROM callback_outbox WHERE queue_id = ?", Long.class, queue))
          .isEqualTo(1);
      dispatcher.refreshPending();
      assertThat(dispatcher.pending(queue)).isEqualTo(1);
    }
  }
}

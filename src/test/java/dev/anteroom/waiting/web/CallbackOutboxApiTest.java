package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Through the API, the outbox follows the queue's callback settings: one visitor.released row per
 * released visitor (in a release step or straight through at the join), the other events only when
 * listed, and nothing for rehearsal queues or queues without a callback target.
 */
class CallbackOutboxApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Autowired JdbcClient jdbc;

    private Api.Answer join(Tenant tenant, long queue) {
      Api.Answer joined =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
      assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
      return joined;
    }

    private long count(String sql, long queue) {
      return jdbc.sql(sql).param("queue", queue).query(Long.class).single();
    }

    private long events(long queue, int type) {
      return jdbc.sql(
              "SELECT COUNT(*) FROM callback_outbox WHERE queue_id = :queue AND event_type = :type")
          .param("queue", queue)
          .param("type", type)
          .query(Long.class)
          .single();
    }

    private Tenant tenantWithCallback() {
      Tenant tenant = newTenant();
      Api.Answer changed =
          superAdmin()
              .put(
                  "/applications/" + tenant.id(),
                  Map.of("callback_url", "https://tenant.example/hooks/anteroom"));
      assertThat(changed.status()).as(changed.toString()).isEqualTo(200);
      return tenant;
    }

    @Test
    void every_released_visitor_has_exactly_one_released_event() {
      Tenant tenant = tenantWithCallback();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 600));
      for (int i = 0; i < 30; i++) {
        join(tenant, queue);
      }
      for (int i = 0; i < 3; i++) {
        step(Duration.ofSeconds(1));
      }

      long released =
          count("SELECT COUNT(*) FROM visitors WHERE queue_id = :queue AND state = 2", queue);
      assertThat(released).isBetween(10L, 29L);
      assertThat(events(queue, 1)).isEqualTo(released);
      assertThat(
              count(
                  "SELECT COUNT(*) FROM visitors v WHERE v.queue_id = :queue AND v.state = 2 AND"
                      + " NOT EXISTS (SELECT 1 FROM callback_outbox o WHERE o.queue_id = v.queue_id"
                      + " AND o.seq = v.seq AND o.event_type = 1)",
                  queue))
          .isZero();
      assertThat(count("SELECT COUNT(*) FROM callback_outbox WHERE queue_id = :queue", queue))
          .isEqualTo(released);
    }

    @Test
    void a_waiting_join_stores_the_position_it_answered() {
      Tenant tenant = tenantWithCallback();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 1));
      join(tenant, queue);
      Api.Answer waiting = join(tenant, queue);
      Api.Answer third = join(tenant, queue);
      assertThat(third.text("status")).isEqualTo("waiting");

      assertThat(
              count(
                  "SELECT position_at_join FROM visitors WHERE queue_id = :queue AND seq = 3",
                  queue))
          .isEqualTo(third.json().get("position").asLong());
      assertThat(waiting.json().get("position").asInt())
          .isEqualTo(third.json().get("position").asInt() - 1);
    }

    @Test
    void other_events_are_recorded_only_when_the_queue_lists_them() {
      Tenant tenant = tenantWithCallback();
      long plain = newQueue(tenant, Map.of("release_rate_per_minute", 1));
      long listing =
          newQueue(
              tenant,
              Map.of(
                  "release_rate_per_minute", 1, "callback_events", List.of("visitor.cancelled")));
      for (long queue : new long[] {plain, listing}) {
        join(tenant, queue);
        String token = join(tenant, queue).text("token");
        assertThat(api().post("/cancel", Map.of("token", token)).text("status"))
            .isEqualTo("cancelled");
      }

      assertThat(events(plain, 3)).isZero();
      assertThat(events(listing, 3)).isEqualTo(1);
    }

    @Test
    void rehearsals_and_queues_without_a_target_record_nothing() {
      Tenant withTarget = tenantWithCallback();
      Tenant withoutTarget = newTenant();
      Map<String, Object> rehearsal = new HashMap<>();
      rehearsal.put("release_rate_per_minute", 600);
      rehearsal.put("simulation", true);
      rehearsal.put("callback_url", "https://tenant.example/hooks/rehearsal");
      long simulated = newQueue(withTarget, rehearsal);
      long untargeted = newQueue(withoutTarget, Map.of("release_rate_per_minute", 600));
      for (int i = 0; i < 5; i++) {
        join(withTarget, simulated);
        join(withoutTarget, untargeted);
      }
      for (int i = 0; i < 3; i++) {
        step(Duration.ofSeconds(1));
      }

      assertThat(
              count(
                  "SELECT COUNT(*) FROM visitors WHERE queue_id = :queue AND state = 2", simulated))
          .isPositive();
      assertThat(count("SELECT COUNT(*) FROM callback_outbox WHERE queue_id = :queue", simulated))
          .isZero();
      assertThat(count("SELECT COUNT(*) FROM callback_outbox WHERE queue_id = :queue", untargeted))
          .isZero();

      Api.Answer targeted =
          api()
              .withKey(withoutTarget.secretKey())
              .put("/queues/" + untargeted, Map.of("callback_url", "https://t.example/hook"));
      assertThat(targeted.status()).as(targeted.toString()).isEqualTo(200);
      join(withoutTarget, untargeted);
      for (int i = 0; i < 3; i++) {
        step(Duration.ofSeconds(1));
      }
      assertThat(events(untargeted, 1)).isPositive();
    }
  }
}

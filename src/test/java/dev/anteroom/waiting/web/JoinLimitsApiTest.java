package dev.anteroom.waiting.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Limits a join must respect exactly, however many arrive at once. */
class JoinLimitsApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void a_burst_of_joins_never_overshoots_max_size() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 1, "max_size", 10));
      engine.releaseDue();

      List<Api.Answer> burst =
          IntStream.range(0, 40)
              .mapToObj(i -> CompletableFuture.supplyAsync(() -> join(tenant, queue), threads))
              .toList()
              .stream()
              .map(CompletableFuture::join)
              .toList();

      // No credit has accrued yet, so nobody goes straight through: all forty ask for a place.
      long created = burst.stream().filter(a -> a.status() == 201).count();
      List<Api.Answer> refused = burst.stream().filter(a -> a.status() != 201).toList();
      assertThat(created).isEqualTo(10);
      assertThat(refused)
          .hasSize(30)
          .allSatisfy(
              answer -> {
                assertThat(answer.status()).isEqualTo(409);
                assertThat(answer.text("code")).isEqualTo("queue_full");
                assertThat(answer.header("Retry-After")).isNotBlank();
              });
    }

    @Test
    void the_poll_hint_leaves_three_polls_inside_a_short_idle_timeout() {
      Tenant tenant = newTenant();
      long queue =
          newQueue(tenant, Map.of("release_rate_per_minute", 1, "idle_timeout_seconds", 10));
      engine.releaseDue();
      join(tenant, queue);
      for (int i = 0; i < 20; i++) {
        join(tenant, queue);
      }
      Api.Answer last = join(tenant, queue);
      assertThat(last.json().get("eta_seconds").asLong()).isGreaterThan(300);

      Api.Answer poll = api().get("/queue_status?token=" + last.text("token"));

      int hint = poll.json().get("poll_after_seconds").asInt();
      assertThat(hint).isBetween(1, 2);
      assertThat(poll.header("Cache-Control")).isEqualTo("private, max-age=" + (hint - 1));
    }

    private Api.Answer join(Tenant tenant, long queue) {
      return api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue));
    }
  }
}

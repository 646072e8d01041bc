package dev.anteroom.release;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.queue.Queue;
import dev.anteroom.waiting.store.ReleasedVisitor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The engine keeps its promises when steps run late, sweeps are slow or queues sit empty. */
class ReleaseEngineResilienceTest {

  private final EngineFixture fixture = new EngineFixture();
  // Not the common pool: on two cores it has one thread, which the held sweep would occupy.
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void close() {
    threads.shutdownNow();
    fixture.journal.inserts().open();
    fixture.journal.transitions().open();
    fixture.close();
  }

  @Test
  void a_step_delayed_by_three_seconds_still_releases_the_planned_count_over_the_minute() {
    Queue queue = fixture.add(aQueue().withRate(600).build());
    fixture.fill(queue, 2_000, 0);

    fixture.run(Duration.ofSeconds(20), Duration.ofMillis(200));
    fixture.clock.tick(Duration.ofSeconds(3));
    fixture.run(Duration.ofSeconds(37), Duration.ofMillis(200));

    // 60 s of plan at 600 a minute; before, the pacer kept one second of the late gap's credit.
    assertThat(fixture.releasedFrom(queue)).isBetween(594, 606);
  }

  @Test
  void a_late_step_pays_back_at_most_ten_seconds() {
    Queue queue = fixture.add(aQueue().withRate(600).build());
    fixture.fill(queue, 2_000, 0);
    fixture.run(Duration.ofSeconds(1), Duration.ofMillis(200));
    int before = fixture.releasedFrom(queue);

    fixture.clock.tick(Duration.ofMinutes(5));
    fixture.engine.releaseDue();

    assertThat(fixture.releasedFrom(queue) - before).isBetween(100, 101);
  }

  @Test
  void an_application_cap_holds_across_all_its_queues_even_when_they_are_empty() {
    fixture.capApplication(9, 60);
    List<Queue> empty =
        List.of(
            fixture.add(aQueue().ofApplication(9).withRate(600).build()),
            fixture.add(aQueue().ofApplication(9).withRate(600).build()),
            fixture.add(aQueue().ofApplication(9).withRate(600).build()),
            fixture.add(aQueue().ofApplication(9).withRate(600).build()));
    empty.forEach(queue -> fixture.store.open(queue.id(), null));
    fixture.engine.releaseDue();

    int admitted = 0;
    for (int step = 0; step < 300; step++) {
      fixture.clock.tick(Duration.ofMillis(200));
      fixture.engine.releaseDue();
      for (Queue queue : empty) {
        while (fixture.engine.admitNow(queue, fixture.clock.instant())) {
          fixture.engine.settle(queue, true);
          admitted++;
        }
      }
    }

    // A minute at 60 a minute, plus at most the one visitor and one second a pacer may carry.
    // Before, each empty queue went straight through at the whole cap: 240 a minute here.
    assertThat(admitted).isBetween(59, 62);
  }

  @Test
  void a_join_is_not_held_up_by_an_idle_sweep_that_is_writing_a_hundred_thousand_expiries()
      throws Exception {
    Queue queue = fixture.add(aQueue().withRate(60).withIdleTimeout(60).build());
    fixture.fill(queue, 100_000, 0);
    fixture.engine.releaseDue();
    fixture.clock.tick(Duration.ofSeconds(61));
    fixture.journal.transitions().close();

    CompletableFuture<Void> sweeping =
        CompletableFuture.runAsync(fixture.engine::releaseDue, threads);
    assertThat(fixture.journal.transitions().awaitSomeoneWaiting()).isTrue();

    CompletableFuture<Long> joining =
        CompletableFuture.supplyAsync(
            () -> {
              fixture.engine.admitNow(fixture.current(queue), fixture.clock.instant());
              return fixture.join(queue, 0);
            },
            threads);
    // A join that waited for the sweep would still be waiting when the gate is opened below.
    long joined = joining.get(10, TimeUnit.SECONDS);
    assertThat(sweeping).isNotDone();

    fixture.journal.transitions().open();
    sweeping.get(30, TimeUnit.SECONDS);
    assertThat(fixture.meters.of(queue.id()).expiredIdle.sum()).isEqualTo(100_000);
    // With the idle line gone, the step that swept went on to let the newcomer through.
    assertThat(fixture.released).extracting(ReleasedVisitor::seq).containsExactly(joined);
  }
}

package dev.anteroom.release;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How far behind schedule the engine is, as the release-lag alert reads it. */
class ReleaseLagTest {

  private final EngineFixture fixture = new EngineFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void the_lag_is_the_time_since_the_last_round_of_steps() {
    fixture.add(aQueue().build());
    assertThat(fixture.engine.lag(fixture.clock.instant())).isZero();

    fixture.clock.tick(Duration.ofSeconds(40));
    assertThat(fixture.engine.lag(fixture.clock.instant())).isEqualTo(Duration.ofSeconds(40));

    fixture.engine.releaseDue();
    assertThat(fixture.engine.lag(fixture.clock.instant())).isZero();
  }

  @Test
  void a_queue_step_that_never_ends_counts_from_its_start_while_rounds_go_on() {
    fixture.add(aQueue().build());
    List<Runnable> held = new ArrayList<>();
    fixture.engine.releaseDue(held::add);

    fixture.clock.tick(Duration.ofSeconds(10));
    fixture.engine.releaseDue();
    assertThat(fixture.engine.lag(fixture.clock.instant())).isEqualTo(Duration.ofSeconds(10));

    held.forEach(Runnable::run);
    assertThat(fixture.engine.lag(fixture.clock.instant())).isZero();
  }
}

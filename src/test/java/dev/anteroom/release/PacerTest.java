package dev.anteroom.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PacerTest {

  private final Instant start = Instant.parse("2026-06-01T10:00:00Z");

  @Test
  void credit_accrues_exactly_with_no_rounding_drift() {
    Pacer pacer = new Pacer();
    int released = 0;
    for (int ms = 0; ms <= 600_000; ms += ms + 7 > 600_000 && ms < 600_000 ? 600_000 - ms : 7) {
      pacer.accrue(start.plusMillis(ms), 1);
      released += pacer.available();
      pacer.spend(pacer.available());
    }
    assertThat(released).isEqualTo(10);
  }

  @Test
  void an_idle_queue_saves_at_most_one_visitor_and_one_second_of_credit() {
    Pacer fast = new Pacer();
    fast.accrue(start, 600);
    fast.accrue(start.plus(Duration.ofHours(1)), 600);
    assertThat(fast.available()).isEqualTo(11);

    Pacer slow = new Pacer();
    slow.accrue(start, 1);
    slow.accrue(start.plus(Duration.ofHours(1)), 1);
    assertThat(slow.available()).isEqualTo(1);
  }

  @Test
  void holding_earns_nothing() {
    Pacer pacer = new Pacer();
    pacer.accrue(start, 600);
    pacer.hold(start.plusSeconds(60));
    pacer.accrue(start.plusSeconds(60), 600);
    assertThat(pacer.available()).isZero();
  }
}

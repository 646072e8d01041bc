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
  void an_idle_queue_stepped_as_usual_saves_at_most_one_visitor_and_one_second_of_credit() {
    Pacer fast = new Pacer();
    Pacer slow = new Pacer();
    for (int step = 0; step <= 5 * 60 * 5; step++) {
      fast.accrue(start.plusMillis(200L * step), 600);
      slow.accrue(start.plusMillis(200L * step), 1);
    }
    // One visitor and one second's worth carried, plus the last step's own 200 ms.
    assertThat(fast.available()).isEqualTo(13);
    assertThat(slow.available()).isEqualTo(1);
  }

  @Test
  void a_late_step_pays_back_the_whole_gap_up_to_ten_seconds() {
    Pacer late = new Pacer();
    late.accrue(start, 600);
    late.accrue(start.plusSeconds(3), 600);
    assertThat(late.available()).isEqualTo(30);

    Pacer stalled = new Pacer();
    stalled.accrue(start, 600);
    stalled.accrue(start.plus(Duration.ofHours(1)), 600);
    assertThat(stalled.available()).isEqualTo(100);
  }

  @Test
  void holding_earns_nothing() {
    Pacer pacer = new Pacer();
    pacer.accrue(start, 600);
    pacer.hold(start.plusSeconds(60));
    pacer.accrue(start.plusSeconds(60), 600);
    assertThat(pacer.available()).isZero();
  }

  @Test
  void credit_lost_in_a_takeover_is_paid_back_at_less_than_twice_the_rate() {
    Pacer pacer = new Pacer();
    // Someone else held this pacer earlier: none of what it held is spent after the takeover.
    pacer.accrue(start, 600);
    pacer.accrue(start.plusSeconds(5), 600);
    Instant takeover = start.plusSeconds(60);
    pacer.resumeAfter(Duration.ofSeconds(4), takeover, 600);

    int released = 0;
    int mostInASecond = 0;
    int thisSecond = 0;
    for (int step = 1; step <= 5 * 20; step++) {
      pacer.accrue(takeover.plusMillis(200L * step), 600);
      thisSecond += pacer.available();
      released += pacer.available();
      pacer.spend(pacer.available());
      if (step % 5 == 0) {
        mostInASecond = Math.max(mostInASecond, thisSecond);
        thisSecond = 0;
      }
    }
    // 20 s at 10 a second, plus the 4 s gap's 40, paid at 8 more a second.
    assertThat(released).isEqualTo(200 + 40);
    assertThat(mostInASecond).isEqualTo(18);
    assertThat(pacer.owedVisitors()).isZero();
  }

  @Test
  void a_pause_forgives_what_a_takeover_owed() {
    Pacer pacer = new Pacer();
    pacer.resumeAfter(Duration.ofSeconds(8), start, 60);
    pacer.hold(start.plusSeconds(1));
    pacer.accrue(start.plusSeconds(11), 60);
    assertThat(pacer.available()).isEqualTo(10);
    assertThat(pacer.owedVisitors()).isZero();
  }
}

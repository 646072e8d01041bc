package dev.anteroom.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PollHintTest {

  @Test
  void a_client_that_obeys_the_hint_polls_at_least_three_times_within_the_idle_timeout() {
    for (int idle : new int[] {10, 11, 15, 39, 40, 120, 86_400}) {
      for (Long eta : Arrays.asList(null, 0L, 5L, 100L, 299L, 10_000L)) {
        int hint = PollHint.forWait(eta, idle);
        assertThat(hint).as("idle %d, eta %s", idle, eta).isBetween(1, 30);
        assertThat(4 * hint).as("idle %d, eta %s", idle, eta).isLessThanOrEqualTo(idle);
      }
    }
  }

  @Test
  void the_hint_is_a_tenth_of_the_wait_when_the_idle_timeout_allows() {
    assertThat(PollHint.forWait(100L, 120)).isEqualTo(10);
    assertThat(PollHint.forWait(10_000L, 86_400)).isEqualTo(30);
    assertThat(PollHint.forWait(3L, 120)).isEqualTo(1);
    assertThat(PollHint.forWait(10_000L, 10)).isEqualTo(2);
  }

  @Test
  void before_an_opening_the_hint_is_never_past_it() {
    assertThat(PollHint.beforeOpening(605L, 3600, 5))
        .as("a tenth of the ETA would be 30")
        .isEqualTo(5);
    assertThat(PollHint.beforeOpening(620L, 3600, 600)).isEqualTo(30);
    assertThat(PollHint.beforeOpening(605L, 40, 20)).as("the idle limit still holds").isEqualTo(10);
    assertThat(PollHint.beforeOpening(null, 3600, 7)).as("paused before opening").isEqualTo(7);
    assertThat(PollHint.beforeOpening(60L, 3600, 0)).as("never 0").isEqualTo(1);
  }
}

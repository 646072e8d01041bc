package dev.anteroom.release;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.release.QueueSimulator.Minute;
import dev.anteroom.release.QueueSimulator.Projection;
import dev.anteroom.release.QueueSimulator.Scenario;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueSimulatorTest {

  private final QueueSimulator simulator = new QueueSimulator();
  private final Instant start = Instant.parse("2026-06-01T10:00:00Z");

  private Projection project(Queue queue, int arrivals, int minutes, double abandon) {
    return simulator.project(queue, new Scenario(arrivals, minutes, abandon), start);
  }

  @Test
  void under_capacity_the_line_stays_empty_and_nobody_waits_long() {
    Projection projection = project(aQueue().withRate(600).build(), 300, 10, 0);

    assertThat(projection.minutes()).hasSize(10);
    assertThat(projection.minutes())
        .allSatisfy(
            minute -> {
              assertThat(minute.queueLength()).isLessThanOrEqualTo(10);
              assertThat(minute.waitMaxSeconds()).isLessThanOrEqualTo(2);
            });
    assertThat(projection.totalReleased()).isEqualTo(3_000);
  }

  @Test
  void over_capacity_the_line_grows_by_the_difference_and_waits_grow_with_it() {
    Projection projection = project(aQueue().withRate(60).build(), 120, 10, 0);

    Minute last = projection.minutes().getLast();
    assertThat(last.released()).isEqualTo(60);
    assertThat((double) last.queueLength()).isCloseTo(600, within(2.0));
    Minute first = projection.minutes().getFirst();
    assertThat(last.waitP50Seconds()).isGreaterThan(first.waitP50Seconds());
    assertThat(last.waitP95Seconds()).isGreaterThanOrEqualTo(last.waitP50Seconds());
    assertThat(last.waitMaxSeconds()).isGreaterThanOrEqualTo(last.waitP95Seconds());
    // FIFO at half the arrival rate: whoever goes at second t arrived at t/2, so those released
    // in minute 10 (t = 540..600) waited 270..300 s, 285 at the median.
    assertThat((double) last.waitP50Seconds()).isCloseTo(285, within(3.0));
  }

  @Test
  void the_active_cap_and_pass_lifetime_bound_the_releases() {
    Queue capped = aQueue().withRate(6_000).withMaxActive(100).withAccessTtl(60).build();
    Projection projection = project(capped, 1_000, 10, 0);

    assertThat(projection.minutes())
        .allSatisfy(minute -> assertThat(minute.activeUsers()).isLessThanOrEqualTo(100));
    assertThat(projection.totalReleased()).isBetween(900L, 1_000L);
  }

  @Test
  void abandonment_shortens_the_line_and_every_visitor_is_accounted_for() {
    Queue queue = aQueue().withRate(60).build();
    Projection patient = project(queue, 600, 60, 0);
    Projection impatient = project(queue, 600, 60, 0.1);

    assertThat(impatient.minutes().getLast().queueLength())
        .isLessThan(patient.minutes().getLast().queueLength() / 4);
    long arrived = impatient.minutes().stream().mapToLong(Minute::arrived).sum();
    long released = impatient.totalReleased();
    long abandoned = impatient.minutes().stream().mapToLong(Minute::abandoned).sum();
    long left = impatient.minutes().getLast().queueLength();
    assertThat((double) (released + abandoned + left))
        .isCloseTo(arrived, within(arrived * 0.001 + 60));
  }

  @Test
  void a_size_limit_or_reject_turns_arrivals_away() {
    Projection limited = project(aQueue().withRate(60).withMaxSize(100).build(), 600, 5, 0);
    assertThat(limited.minutes())
        .allSatisfy(m -> assertThat(m.queueLength()).isLessThanOrEqualTo(100));
    assertThat(limited.minutes().getLast().rejected()).isGreaterThan(400);

    Projection reject =
        project(aQueue().withRate(60).withMethod(QueueMethod.REJECT).build(), 600, 5, 0);
    assertThat(reject.minutes().getLast().queueLength()).isZero();
    assertThat(reject.minutes().getLast().released()).isEqualTo(60);
    assertThat(reject.minutes().getLast().rejected()).isEqualTo(540);
  }

  @Test
  void a_lottery_spreads_waits_wider_than_first_come_first_served() {
    Projection fifo = project(aQueue().withRate(60).build(), 120, 30, 0);
    Projection lottery =
        project(aQueue().withRate(60).withMethod(QueueMethod.RANDOM).build(), 120, 30, 0);

    Minute fifoLast = fifo.minutes().getLast();
    Minute lotteryLast = lottery.minutes().getLast();
    assertThat(lotteryLast.released()).isEqualTo(fifoLast.released());
    assertThat(lotteryLast.waitMaxSeconds() - lotteryLast.waitP50Seconds())
        .isGreaterThan(fifoLast.waitMaxSeconds() - fifoLast.waitP50Seconds());
  }

  @Test
  void a_day_at_ten_thousand_arrivals_a_minute_is_projected_whole() {
    Projection day = project(aQueue().withRate(6_000).build(), 10_000, 24 * 60, 0.02);

    assertThat(day.minutes()).hasSize(1_440);
    assertThat(day.minutes().getLast().released()).isEqualTo(6_000);
    assertThat(day.minutes().getLast().waitP95Seconds()).isNotNull();
  }

  @Test
  void scenarios_are_checked_field_by_field() {
    assertThatThrownBy(() -> new Scenario(-1, 10, 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("arrivals_per_minute");
    assertThatThrownBy(() -> new Scenario(10, 1_441, 0)).hasMessageContaining("minutes");
    assertThatThrownBy(() -> new Scenario(10, 10, 1.5)).hasMessageContaining("abandon_rate");
  }
}

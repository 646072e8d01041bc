package dev.anteroom.release;

import static dev.anteroom.support.QueueBuilder.aQueue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueMethod;
import dev.anteroom.queue.QueueSettings;
import dev.anteroom.waiting.store.ReleasedVisitor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseEngineTest {

  private final EngineFixture fixture = new EngineFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  @ParameterizedTest(name = "{0} a minute")
  @ValueSource(ints = {1, 60, 600, 60_000})
  void release_keeps_to_the_rate_over_ten_minutes_and_spreads_it_over_every_second(int rate) {
    Queue queue = fixture.add(aQueue().withRate(rate).build());
    int plan = rate * 10;
    fixture.fill(queue, plan + 100, 0);

    List<Integer> perSecond = fixture.run(Duration.ofMinutes(10), Duration.ofMillis(200));

    int released = perSecond.stream().mapToInt(Integer::intValue).sum();
    assertThat((double) released).isCloseTo(plan, within(plan * 0.01));
    int ceiling = (int) Math.ceil(rate / 60.0) + 1;
    assertThat(perSecond).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(ceiling));
    if (rate >= 60) {
      assertThat(perSecond).as("released every second, not in bursts").doesNotContain(0);
    }
  }

  @Test
  void release_order_is_priority_then_join_order_and_nobody_goes_twice() {
    Queue queue = fixture.add(aQueue().withRate(6_000).build());
    List<Long> low = new ArrayList<>();
    List<Long> high = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      low.add(fixture.join(queue, 1));
      high.add(fixture.join(queue, 7));
    }

    fixture.run(Duration.ofSeconds(5), Duration.ofMillis(200));

    List<Long> order = fixture.released.stream().map(ReleasedVisitor::seq).toList();
    List<Long> expected = new ArrayList<>(high);
    expected.addAll(low);
    assertThat(order).containsExactlyElementsOf(expected);
  }

  @Test
  void never_more_active_than_the_cap_and_slots_reopen_as_passes_end() {
    Queue queue = fixture.add(aQueue().withRate(600).withMaxActive(5).withAccessTtl(30).build());
    fixture.fill(queue, 200, 0);

    for (int second = 0; second < 300; second++) {
      fixture.run(Duration.ofSeconds(1), Duration.ofMillis(200));
      assertThat(fixture.store.counts(queue.id()).active()).isLessThanOrEqualTo(5);
    }
    // Five slots, each held for 30 s: about ten cohorts in five minutes.
    assertThat(fixture.releasedFrom(queue)).isBetween(45, 55);
  }

  @Test
  void a_paused_queue_releases_nobody_and_resumes_without_a_burst() {
    Queue queue = fixture.add(aQueue().withRate(600).build());
    fixture.fill(queue, 5_000, 0);
    fixture.queueStore.setPaused(queue.id(), true, fixture.clock.instant());
    fixture.directory.refresh();

    fixture.run(Duration.ofMinutes(2), Duration.ofMillis(200));
    assertThat(fixture.released).isEmpty();

    fixture.queueStore.setPaused(queue.id(), false, fixture.clock.instant());
    fixture.directory.refresh();
    List<Integer> perSecond = fixture.run(Duration.ofMinutes(1), Duration.ofMillis(200));
    assertThat(perSecond).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(11));
    assertThat(fixture.released).hasSize(600);
  }

  @Test
  void a_rate_change_takes_effect_from_the_next_step() {
    Queue queue = fixture.add(aQueue().withRate(60).build());
    fixture.fill(queue, 10_000, 0);
    fixture.run(Duration.ofMinutes(1), Duration.ofMillis(200));
    assertThat(fixture.released).hasSize(60);

    QueueSettings faster = withRate(queue.settings(), 600);
    fixture.queueStore.update(queue.id(), faster, fixture.clock.instant());
    fixture.directory.refresh();
    fixture.run(Duration.ofMinutes(1), Duration.ofMillis(200));

    assertThat(fixture.released).hasSize(660);
  }

  @Test
  void early_arrivals_wait_until_opening_and_are_shuffled_once_then_first_come_first_served() {
    Instant opens = fixture.clock.instant().plusSeconds(60);
    Queue queue = fixture.add(aQueue().withRate(6_000).opening(opens).build());
    List<Long> early = IntStream.range(0, 100).mapToObj(i -> fixture.join(queue, 0)).toList();

    fixture.run(Duration.ofSeconds(59), Duration.ofSeconds(1));
    assertThat(fixture.released).isEmpty();

    fixture.run(Duration.ofSeconds(1), Duration.ofSeconds(1));
    Queue.Shuffle shuffle = fixture.queueStore.find(queue.id()).orElseThrow().shuffle();
    assertThat(shuffle).isNotNull();
    assertThat(shuffle.throughSeq()).isEqualTo(early.getLast() + 1);
    long late = fixture.join(queue, 0);
    fixture.run(Duration.ofSeconds(5), Duration.ofSeconds(1));

    List<Long> order = fixture.released.stream().map(ReleasedVisitor::seq).toList();
    assertThat(order.subList(0, 100)).containsExactlyInAnyOrderElementsOf(early);
    assertThat(order.subList(0, 100)).isNotEqualTo(early);
    assertThat(order.get(100)).isEqualTo(late);
  }

  @Test
  void passthrough_lets_everyone_through_up_to_the_cap_without_pacing() {
    Queue queue =
        fixture.add(
            aQueue().withRate(1).withMethod(QueueMethod.PASSTHROUGH).withMaxActive(300).build());
    fixture.fill(queue, 1_000, 0);

    fixture.run(Duration.ofSeconds(1), Duration.ofMillis(200));

    assertThat(fixture.released).hasSize(300);
    assertThat(fixture.engine.admitNow(fixture.current(queue), fixture.clock.instant())).isFalse();
  }

  @Test
  void an_empty_queue_lets_a_visitor_straight_through_when_pace_and_room_allow() {
    Queue queue = fixture.add(aQueue().withRate(60).withMaxActive(1).build());
    fixture.store.open(queue.id(), null);
    fixture.run(Duration.ofSeconds(2), Duration.ofSeconds(1));

    assertThat(fixture.engine.admitNow(queue, fixture.clock.instant())).isTrue();
    assertThat(fixture.engine.admitNow(queue, fixture.clock.instant()))
        .as("the cap counts an admission still being written")
        .isFalse();
    fixture.engine.settle(queue, false);
    assertThat(fixture.engine.admitNow(queue, fixture.clock.instant())).isTrue();
  }

  @Test
  void an_application_rate_is_shared_by_priority_and_an_idle_queues_share_flows_to_the_busy() {
    fixture.capApplication(9, 600);
    Queue light = fixture.add(aQueue().ofApplication(9).withPriority(0).withRate(10_000).build());
    Queue heavy = fixture.add(aQueue().ofApplication(9).withPriority(4).withRate(10_000).build());
    fixture.fill(light, 20_000, 0);
    fixture.fill(heavy, 5_000, 0);

    fixture.run(Duration.ofMinutes(10), Duration.ofMillis(200));

    // Weights 1 and 5 split 600 a minute into 100 and 500: ten minutes drain the heavy queue.
    assertThat((double) fixture.releasedFrom(light)).isCloseTo(1_000, within(10.0));
    assertThat((double) fixture.releasedFrom(heavy)).isCloseTo(5_000, within(50.0));

    fixture.run(Duration.ofMinutes(1), Duration.ofMillis(200));
    assertThat((double) fixture.releasedFrom(light)).isCloseTo(1_600, within(16.0));
  }

  @Test
  void a_queue_never_gets_more_than_its_own_rate_from_the_application_share() {
    fixture.capApplication(9, 600);
    Queue slow = fixture.add(aQueue().ofApplication(9).withPriority(10).withRate(60).build());
    Queue fast = fixture.add(aQueue().ofApplication(9).withPriority(0).withRate(10_000).build());
    fixture.fill(slow, 1_000, 0);
    fixture.fill(fast, 10_000, 0);

    fixture.run(Duration.ofMinutes(1), Duration.ofMillis(200));

    assertThat(fixture.releasedFrom(slow)).isEqualTo(60);
    assertThat((double) fixture.releasedFrom(fast)).isCloseTo(540, within(6.0));
  }

  @Test
  void idle_visitors_expire_and_stop_counting() {
    Queue queue = fixture.add(aQueue().withRate(1).withIdleTimeout(60).build());
    long first = fixture.join(queue, 0);
    fixture.clock.tick(Duration.ofSeconds(30));
    long second = fixture.join(queue, 0);

    fixture.run(Duration.ofSeconds(31), Duration.ofSeconds(1));

    assertThat(fixture.store.find(queue.id(), first, fixture.clock.instant()).orElseThrow().state())
        .hasToString("EXPIRED");
    assertThat(
            fixture
                .store
                .find(queue.id(), second, fixture.clock.instant())
                .orElseThrow()
                .position())
        .isEqualTo(1);
    assertThat(fixture.meters.of(queue.id()).expiredIdle.sum()).isEqualTo(1);
  }

  @Test
  void random_queues_release_in_random_order() {
    Queue queue = fixture.add(aQueue().withRate(6_000).withMethod(QueueMethod.RANDOM).build());
    List<Long> joined = IntStream.range(0, 200).mapToObj(i -> fixture.join(queue, 0)).toList();

    fixture.run(Duration.ofSeconds(3), Duration.ofMillis(200));

    List<Long> order = fixture.released.stream().map(ReleasedVisitor::seq).toList();
    assertThat(order).containsExactlyInAnyOrderElementsOf(joined).isNotEqualTo(joined);
  }

  @Test
  void a_queue_another_node_paces_is_only_followed_and_a_takeover_starts_its_pace_afresh() {
    Queue queue = fixture.add(aQueue().withRate(600).withAccessTtl(30).build());
    fixture.join(queue, 0);
    fixture.run(Duration.ofSeconds(1), Duration.ofMillis(200));
    assertThat(fixture.released).hasSize(1);
    fixture.fill(queue, 2_000, 0);
    fixture.pacedElsewhere.add(queue.applicationId());

    fixture.run(Duration.ofSeconds(40), Duration.ofMillis(200));

    assertThat(fixture.released).as("nobody released here").hasSize(1);
    assertThat(fixture.store.counts(queue.id()).active())
        .as("the pass ran out in this node's memory too")
        .isZero();
    assertThat(fixture.engine.admitNow(fixture.current(queue), fixture.clock.instant()))
        .as("no join goes straight through on a node that does not pace")
        .isFalse();

    fixture.pacedElsewhere.clear();
    fixture.engine.tookOver(queue.applicationId(), 2);
    List<Integer> perSecond = fixture.run(Duration.ofSeconds(10), Duration.ofMillis(200));

    // The pace of 40 s ago is not this node's to spend: no burst, ten a second from the takeover.
    assertThat(perSecond).allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(11));
    assertThat(fixture.released).hasSize(1 + 100);
  }

  private static QueueSettings withRate(QueueSettings s, int rate) {
    return new QueueSettings(
        s.name(),
        rate,
        s.maxActiveUsers(),
        s.priority(),
        s.accessTtlSeconds(),
        s.idleTimeoutSeconds(),
        s.callbackUrl(),
        s.redirectUrl(),
        s.opensAt(),
        s.closesAt(),
        s.queueMethod(),
        s.maxSize(),
        s.simulation());
  }
}

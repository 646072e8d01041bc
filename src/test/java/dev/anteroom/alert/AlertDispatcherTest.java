package dev.anteroom.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AlertDispatcherTest {

  private final MutableClock clock = MutableClock.startingAt("2026-03-01T10:00:00Z");
  private final Backoff backoff = new Backoff(Duration.ofSeconds(10), 3, Duration.ofMinutes(10), 4);

  static AlertNotice notice(long id) {
    Alert alert =
        Alert.start(
            id,
            new Condition(AlertKey.ofSystem(AlertKind.DISK_SPACE, "d" + id), null, null, "disk"),
            Instant.parse("2026-03-01T10:00:00Z"));
    return new AlertNotice(AlertNotice.Event.STARTED, alert);
  }

  /** A channel that fails its first {@code failures} attempts and records when it was tried. */
  final class Flaky implements AlertChannel {
    final List<Instant> attempts = new ArrayList<>();
    final List<AlertNotice> sent = new ArrayList<>();
    int failures;

    Flaky(int failures) {
      this.failures = failures;
    }

    @Override
    public String describe() {
      return "flaky";
    }

    @Override
    public void send(AlertNotice notice) throws Exception {
      attempts.add(clock.instant());
      if (failures-- > 0) {
        throw new java.io.IOException("down");
      }
      sent.add(notice);
    }
  }

  @Test
  void backoff_grows_by_the_multiplier_up_to_its_cap() {
    assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(10));
    assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(90));
    assertThat(backoff.after(9)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void a_failing_channel_is_retried_at_the_backoff_times_and_then_delivers() {
    Flaky channel = new Flaky(2);
    AlertDispatcher dispatcher =
        new AlertDispatcher(List.of(channel), Runnable::run, clock, backoff, 10);
    Instant start = clock.instant();

    dispatcher.submit(notice(1));
    assertThat(channel.attempts).containsExactly(start);
    assertThat(dispatcher.pending()).isEqualTo(1);

    clock.tick(Duration.ofSeconds(9));
    dispatcher.kick();
    assertThat(channel.attempts).as("not before the first backoff").hasSize(1);

    clock.tick(Duration.ofSeconds(1));
    dispatcher.kick();
    assertThat(channel.attempts).hasSize(2).last().isEqualTo(start.plusSeconds(10));

    clock.tick(Duration.ofSeconds(29));
    dispatcher.kick();
    assertThat(channel.attempts).as("the second wait is longer").hasSize(2);
    clock.tick(Duration.ofSeconds(1));
    dispatcher.kick();

    assertThat(channel.attempts).hasSize(3).last().isEqualTo(start.plusSeconds(40));
    assertThat(channel.sent).hasSize(1);
    assertThat(dispatcher.pending()).isZero();
  }

  @Test
  void a_message_is_given_up_after_the_last_attempt() {
    Flaky channel = new Flaky(100);
    AlertDispatcher dispatcher =
        new AlertDispatcher(List.of(channel), Runnable::run, clock, backoff, 10);

    dispatcher.submit(notice(1));
    for (int i = 0; i < 10; i++) {
      clock.tick(Duration.ofMinutes(10));
      dispatcher.kick();
    }

    assertThat(channel.attempts).hasSize(4);
    assertThat(dispatcher.pending()).isZero();
  }

  @Test
  void a_full_channel_drops_its_oldest_message() {
    Flaky channel = new Flaky(100);
    AlertDispatcher dispatcher =
        new AlertDispatcher(List.of(channel), Runnable::run, clock, backoff, 2);

    dispatcher.submit(notice(1));
    dispatcher.submit(notice(2));
    dispatcher.submit(notice(3));

    assertThat(dispatcher.pending()).isEqualTo(2);
  }

  @Test
  void a_hanging_channel_neither_blocks_the_caller_nor_the_other_channel() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    AtomicInteger fastSent = new AtomicInteger();
    CountDownLatch fastDone = new CountDownLatch(1);
    AlertChannel hanging =
        new AlertChannel() {
          @Override
          public String describe() {
            return "hanging";
          }

          @Override
          public void send(AlertNotice notice) throws Exception {
            entered.countDown();
            release.await();
          }
        };
    AlertChannel fast =
        new AlertChannel() {
          @Override
          public String describe() {
            return "fast";
          }

          @Override
          public void send(AlertNotice notice) {
            fastSent.incrementAndGet();
            fastDone.countDown();
          }
        };
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      AlertDispatcher dispatcher =
          new AlertDispatcher(List.of(hanging, fast), executor, clock, backoff, 10);

      long before = System.nanoTime();
      dispatcher.submit(notice(1));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);

      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(fastDone.await(5, TimeUnit.SECONDS)).as("the other channel still sends").isTrue();
      assertThat(fastSent).hasValue(1);
      assertThat(tookMillis).as("submit returns without waiting").isLessThan(1000);
    } finally {
      release.countDown();
      executor.shutdown();
      assertThat(executor.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }
  }
}

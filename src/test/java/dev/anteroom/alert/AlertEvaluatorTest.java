package dev.anteroom.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the evaluator tells the log about rules that cannot answer. */
class AlertEvaluatorTest {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final Logger logger = (Logger) LoggerFactory.getLogger(AlertEvaluator.class);
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final List<AlertNotice> sent = new ArrayList<>();
  private final AtomicLong ids = new AtomicLong();

  @BeforeEach
  void listen() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(logged);
  }

  private List<ILoggingEvent> at(Level level) {
    return logged.list.stream().filter(e -> e.getLevel() == level).toList();
  }

  @Test
  void a_rule_that_counts_from_the_start_waits_for_its_first_window_without_a_warning() {
    CallbackOutcomes failing = (window, now) -> List.of(new CallbackOutcomes.Tally(7, 0, 9));
    AlertEvaluator evaluator =
        new AlertEvaluator(
            List.of(new CallbackFailureRule(failing, Duration.ofMinutes(5), 5, 0.5, 10, START)),
            new InMemoryAlertStore(),
            new AlertLifecycle(Duration.ofMinutes(15), ids::incrementAndGet),
            sent::add);

    for (int minute = 0; minute < 5; minute++) {
      evaluator.evaluate(START.plus(Duration.ofMinutes(minute)));
    }
    assertThat(sent).as("not judged before a whole window").isEmpty();
    assertThat(at(Level.WARN)).isEmpty();
    assertThat(at(Level.INFO))
        .filteredOn(e -> e.getFormattedMessage().contains("callback_failures"))
        .as("said once")
        .hasSize(1);

    evaluator.evaluate(START.plus(Duration.ofMinutes(5)));
    assertThat(sent).extracting(AlertNotice::event).containsExactly(AlertNotice.Event.STARTED);
    assertThat(at(Level.WARN)).isEmpty();
  }

  @Test
  void a_rule_that_fails_to_read_is_a_warning_once() {
    AlertRule broken =
        new AlertRule() {
          @Override
          public AlertKind kind() {
            return AlertKind.DISK_SPACE;
          }

          @Override
          public List<Condition> check(Instant now) {
            throw new IllegalStateException("cannot read the disk");
          }
        };
    AlertEvaluator evaluator =
        new AlertEvaluator(
            List.of(broken),
            new InMemoryAlertStore(),
            new AlertLifecycle(Duration.ofMinutes(15), ids::incrementAndGet),
            sent::add);

    evaluator.evaluate(START);
    evaluator.evaluate(START.plusSeconds(20));

    assertThat(at(Level.WARN))
        .singleElement()
        .satisfies(e -> assertThat(e.getFormattedMessage()).contains("disk_space"));
  }
}

package dev.anteroom.alert.mail;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.anteroom.alert.AlertChannel;
import dev.anteroom.alert.AlertDispatcher;
import dev.anteroom.alert.AlertEvaluator;
import dev.anteroom.alert.AlertLifecycle;
import dev.anteroom.alert.AlertRule;
import dev.anteroom.alert.AlertTexts;
import dev.anteroom.alert.Backoff;
import dev.anteroom.alert.CallbackFailureRule;
import dev.anteroom.alert.CallbackOutcomes;
import dev.anteroom.alert.DatabaseRule;
import dev.anteroom.alert.DiskSpaceRule;
import dev.anteroom.alert.InMemoryAlertStore;
import dev.anteroom.alert.QueueLengthRule;
import dev.anteroom.alert.QueueLengths;
import dev.anteroom.alert.ReleaseLagRule;
import dev.anteroom.support.MutableClock;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Alert emails through a real SMTP server in process (GreenMail): subject, recipients and body of
 * each kind and of the resolution, the cooldown, and a mail server that is down at first.
 */
class MailChannelTest {

  @RegisterExtension
  static final GreenMailExtension smtp = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

  private static final String ADMIN_EMAIL = "root@anteroom.test";
  private static final long APP = 7;

  private final MutableClock clock = MutableClock.startingAt("2026-03-01T10:00:00Z");
  private final AlertTexts texts = new AlertTexts(Duration.ofMinutes(15));
  private final AtomicLong ids = new AtomicLong(500);
  private final AtomicBoolean trouble = new AtomicBoolean(true);
  private final Backoff backoff = new Backoff(Duration.ofSeconds(10), 3, Duration.ofMinutes(5), 5);

  private MailChannel channel(int port) {
    return new MailChannel(
        MailChannel.smtp("127.0.0.1", port, null, null, Duration.ofSeconds(5)),
        "alerts@anteroom.test",
        ADMIN_EMAIL,
        application ->
            application == APP ? List.of("ops@shop.example", "Root@Anteroom.test") : List.of(),
        texts,
        "email via 127.0.0.1");
  }

  /** Every rule, each finding its condition while {@code trouble} is set. */
  private List<AlertRule> rules() {
    QueueLengths lengths =
        () ->
            List.of(
                new QueueLengths.QueueLength(
                    APP, "shop", 42, "drop", trouble.get() ? 250 : 20, 100));
    CallbackOutcomes outcomes =
        (window, now) -> trouble.get() ? List.of(new CallbackOutcomes.Tally(APP, 3, 6)) : List.of();
    return List.of(
        new QueueLengthRule(lengths),
        new CallbackFailureRule(outcomes, Duration.ofMinutes(5), 5, 0.5, 10),
        new DatabaseRule(() -> !trouble.get()),
        new ReleaseLagRule(
            now -> trouble.get() ? Duration.ofSeconds(95) : Duration.ZERO, Duration.ofSeconds(30)),
        new DiskSpaceRule(
            () ->
                new DiskSpaceRule.DiskSpace.Usage(trouble.get() ? 1L << 29 : 50L << 30, 100L << 30),
            "/var/lib/anteroom",
            5,
            1L << 30));
  }

  private AlertEvaluator evaluator(AlertChannel channel, List<AlertRule> rules) {
    AlertDispatcher dispatcher =
        new AlertDispatcher(List.of(channel), Runnable::run, clock, backoff, 100);
    return new AlertEvaluator(
        rules,
        new InMemoryAlertStore(),
        new AlertLifecycle(Duration.ofMinutes(15), ids::incrementAndGet),
        dispatcher::submit);
  }

  private static MimeMessage bySubject(MimeMessage[] messages, String part) throws Exception {
    for (MimeMessage message : messages) {
      if (message.getSubject().contains(part)) {
        return message;
      }
    }
    throw new AssertionError("no message with " + part + " in its subject");
  }

  private static List<String> to(MimeMessage message) throws Exception {
    return Arrays.stream(message.getAllRecipients()).map(Address::toString).sorted().toList();
  }

  /** Each message reaches each recipient's mailbox: one message per distinct Message-ID. */
  private static List<MimeMessage> distinct(MimeMessage[] received) throws Exception {
    List<MimeMessage> unique = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (MimeMessage message : received) {
      if (!seen.contains(message.getMessageID())) {
        seen.add(message.getMessageID());
        unique.add(message);
      }
    }
    return unique;
  }

  @Test
  void each_kind_of_alert_is_mailed_with_its_subject_recipients_and_body() throws Exception {
    evaluator(channel(smtp.getSmtp().getPort()), rules()).evaluate(clock.instant());

    List<MimeMessage> messages = distinct(smtp.getReceivedMessages());
    assertThat(messages).hasSize(5);

    MimeMessage queue = bySubject(smtp.getReceivedMessages(), "Queue length");
    assertThat(queue.getSubject())
        .isEqualTo("[Anteroom] FIRING: Queue length - application 7, queue 42");
    assertThat(to(queue)).containsExactly("ops@shop.example", "root@anteroom.test");
    assertThat(queue.getFrom()[0].toString()).isEqualTo("alerts@anteroom.test");
    String body = GreenMailUtil.getBody(queue);
    assertThat(body)
        .contains("Queue length: the alert started.")
        .contains(
            "queue 'drop' (id 42) of application 'shop' has 250 visitors waiting, above its"
                + " threshold of 100")
        .contains("Application:  7")
        .contains("Queue:        42")
        .contains("Started at:   2026-03-01T10:00:00Z")
        .contains("repeated at most once every 15 min");

    MimeMessage callbacks = bySubject(smtp.getReceivedMessages(), "Callback failures");
    assertThat(callbacks.getSubject())
        .isEqualTo("[Anteroom] FIRING: Callback failures - application 7");
    assertThat(to(callbacks)).containsExactly("ops@shop.example", "root@anteroom.test");
    assertThat(GreenMailUtil.getBody(callbacks))
        .contains(
            "application 7: 6 of 9 callbacks failed after their last retry in the last 5"
                + " minutes (67%)");

    MimeMessage database = bySubject(smtp.getReceivedMessages(), "Database unreachable");
    assertThat(database.getSubject()).isEqualTo("[Anteroom] FIRING: Database unreachable - system");
    assertThat(to(database))
        .as("system alerts go to ADMIN_EMAIL only")
        .containsExactly(ADMIN_EMAIL);
    assertThat(GreenMailUtil.getBody(database)).contains("the database does not answer");

    MimeMessage lag = bySubject(smtp.getReceivedMessages(), "Release engine behind schedule");
    assertThat(to(lag)).containsExactly(ADMIN_EMAIL);
    assertThat(GreenMailUtil.getBody(lag))
        .contains("the release engine is 95 s behind schedule (bound 30 s)");

    MimeMessage disk = bySubject(smtp.getReceivedMessages(), "Disk almost full");
    assertThat(to(disk)).containsExactly(ADMIN_EMAIL);
    assertThat(GreenMailUtil.getBody(disk))
        .contains("the disk of the data folder /var/lib/anteroom has 512 MiB usable of 102400 MiB");
  }

  @Test
  void the_resolution_is_mailed_once_the_condition_ends() throws Exception {
    AlertEvaluator evaluator = evaluator(channel(smtp.getSmtp().getPort()), rules());
    evaluator.evaluate(clock.instant());
    smtp.purgeEmailFromAllMailboxes();

    trouble.set(false);
    clock.tick(Duration.ofMinutes(3));
    evaluator.evaluate(clock.instant());

    assertThat(distinct(smtp.getReceivedMessages())).hasSize(5);
    MimeMessage queue = bySubject(smtp.getReceivedMessages(), "Queue length");
    assertThat(queue.getSubject())
        .isEqualTo("[Anteroom] RESOLVED: Queue length - application 7, queue 42");
    assertThat(to(queue)).containsExactly("ops@shop.example", "root@anteroom.test");
    assertThat(GreenMailUtil.getBody(queue))
        .contains("Queue length: the alert is resolved; the condition has ended.")
        .contains("Resolved at:  2026-03-01T10:03:00Z")
        .contains("Last reading while it fired: queue 'drop' (id 42)")
        .contains("Lasted:       3 min")
        .contains("No more messages are sent about this alert.");
  }

  @Test
  void a_lasting_alert_is_mailed_again_only_after_the_cooldown() throws Exception {
    AlertEvaluator evaluator =
        evaluator(channel(smtp.getSmtp().getPort()), List.of(rules().getFirst()));

    evaluator.evaluate(clock.instant());
    for (int i = 0; i < 14; i++) {
      clock.tick(Duration.ofMinutes(1));
      evaluator.evaluate(clock.instant());
    }
    assertThat(distinct(smtp.getReceivedMessages())).as("before 15 min: no repeat").hasSize(1);

    clock.tick(Duration.ofMinutes(1));
    evaluator.evaluate(clock.instant());
    clock.tick(Duration.ofMinutes(1));
    evaluator.evaluate(clock.instant());

    List<MimeMessage> messages = distinct(smtp.getReceivedMessages());
    assertThat(messages).as("one repeat after 15 min").hasSize(2);
    assertThat(messages.get(1).getSubject())
        .isEqualTo("[Anteroom] STILL FIRING: Queue length - application 7, queue 42");
  }

  @Test
  void a_mail_server_that_is_down_is_retried_with_backoff_until_it_answers() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    List<AlertRule> rules = List.of(rules().get(2));
    AlertDispatcher dispatcher =
        new AlertDispatcher(List.of(channel(port)), Runnable::run, clock, backoff, 100);
    AlertEvaluator evaluator =
        new AlertEvaluator(
            rules,
            new InMemoryAlertStore(),
            new AlertLifecycle(Duration.ofMinutes(15), ids::incrementAndGet),
            dispatcher::submit);

    evaluator.evaluate(clock.instant());
    assertThat(dispatcher.pending()).as("the first attempt failed and waits").isEqualTo(1);

    GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    late.start();
    try {
      clock.tick(Duration.ofSeconds(9));
      dispatcher.kick();
      assertThat(late.getReceivedMessages()).as("not before the backoff").isEmpty();

      clock.tick(Duration.ofSeconds(1));
      dispatcher.kick();

      assertThat(late.getReceivedMessages()).hasSize(1);
      assertThat(late.getReceivedMessages()[0].getSubject())
          .isEqualTo("[Anteroom] FIRING: Database unreachable - system");
      assertThat(dispatcher.pending()).isZero();
    } finally {
      late.stop();
    }
  }
}

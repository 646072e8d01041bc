package dev.anteroom.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.common.PageRequest;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The evaluator over a real store: messages once per start, per cooldown and per end; a restart (a
 * new evaluator on the same store) neither repeats nor forgets; a database outage keeps the state
 * in memory, still sends, and stores it once the database is back.
 */
public abstract class AlertEvaluatorContract {

  private static final Duration COOLDOWN = Duration.ofMinutes(15);

  protected final MutableClock clock = MutableClock.startingAt("2026-03-01T10:00:00Z");
  private final AtomicLong ids = new AtomicLong(1000);
  private final List<AlertNotice> sent = new ArrayList<>();
  private final List<Condition> holding = new ArrayList<>();
  private final AtomicBoolean databaseDown = new AtomicBoolean();

  /** A fresh store over the test's database; two calls share the same rows. */
  protected abstract AlertStore store();

  /** A rule whose conditions the test sets. */
  private final AlertRule queues =
      new AlertRule() {
        @Override
        public AlertKind kind() {
          return AlertKind.QUEUE_LENGTH;
        }

        @Override
        public List<Condition> check(Instant now) {
          return List.copyOf(holding);
        }
      };

  /** The store as the evaluator sees it: failing while the database is down. */
  private AlertStore reachable(AlertStore store) {
    return new AlertStore() {
      @Override
      public List<Alert> firing() {
        check();
        return store.firing();
      }

      @Override
      public void save(Alert alert) {
        check();
        store.save(alert);
      }

      @Override
      public dev.anteroom.common.Page<Alert> list(AlertFilter filter, PageRequest page) {
        check();
        return store.list(filter, page);
      }

      private void check() {
        if (databaseDown.get()) {
          throw new dev.anteroom.common.StoreUnavailableException("down", null);
        }
      }
    };
  }

  private AlertEvaluator evaluator(AlertStore store) {
    return new AlertEvaluator(
        List.of(queues, new DatabaseRule(() -> !databaseDown.get())),
        reachable(store),
        new AlertLifecycle(COOLDOWN, ids::incrementAndGet),
        sent::add);
  }

  /** One node's evaluator among several, doing the cluster's chores while {@code duties} hold. */
  private AlertEvaluator node(AlertStore store, AtomicBoolean duties) {
    return new AlertEvaluator(
        List.of(queues, new DatabaseRule(() -> !databaseDown.get())),
        reachable(store),
        new AlertLifecycle(COOLDOWN, ids::incrementAndGet),
        sent::add,
        duties::get);
  }

  private static Condition longQueue(int waiting) {
    return new Condition(
        AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, 77),
        7L,
        77L,
        "queue 77 has " + waiting + " waiting");
  }

  private List<AlertNotice.Event> events() {
    return sent.stream().map(AlertNotice::event).toList();
  }

  private List<Alert> stored(AlertStore store) {
    return store
        .list(
            new AlertFilter(Optional.empty(), null, null, null, null, null, null),
            new PageRequest(1, 100))
        .items();
  }

  @Test
  void a_condition_fires_once_repeats_once_per_cooldown_and_resolves_once() {
    AlertStore store = store();
    AlertEvaluator evaluator = evaluator(store);
    holding.add(longQueue(150));

    evaluator.evaluate(clock.instant());
    for (int i = 0; i < 44; i++) {
      clock.tick(Duration.ofSeconds(20));
      evaluator.evaluate(clock.instant());
    }
    assertThat(events()).as("14 min 40 s in").containsExactly(AlertNotice.Event.STARTED);

    clock.tick(Duration.ofSeconds(20));
    evaluator.evaluate(clock.instant());
    assertThat(events()).containsExactly(AlertNotice.Event.STARTED, AlertNotice.Event.REPEATED);

    holding.clear();
    clock.tick(Duration.ofSeconds(20));
    evaluator.evaluate(clock.instant());
    clock.tick(Duration.ofSeconds(20));
    evaluator.evaluate(clock.instant());

    assertThat(events())
        .containsExactly(
            AlertNotice.Event.STARTED, AlertNotice.Event.REPEATED, AlertNotice.Event.RESOLVED);
    assertThat(stored(store))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(Alert.State.RESOLVED);
              assertThat(a.notifications()).isEqualTo(3);
              assertThat(a.resolvedAt()).isEqualTo(clock.instant().minusSeconds(20));
            });
  }

  @Test
  void after_a_restart_a_still_firing_alert_goes_on_without_a_new_message() {
    AlertStore store = store();
    holding.add(longQueue(150));
    evaluator(store).evaluate(clock.instant());
    sent.clear();

    AlertEvaluator restarted = evaluator(store);
    clock.tick(Duration.ofMinutes(5));
    restarted.evaluate(clock.instant());
    assertThat(sent).as("no second start after the restart").isEmpty();

    clock.tick(Duration.ofMinutes(10));
    restarted.evaluate(clock.instant());
    assertThat(events())
        .as("the cooldown counts from before the restart")
        .containsExactly(AlertNotice.Event.REPEATED);
    assertThat(stored(store)).hasSize(1);
  }

  @Test
  void after_a_restart_an_alert_whose_condition_ended_meanwhile_is_resolved() {
    AlertStore store = store();
    holding.add(longQueue(150));
    evaluator(store).evaluate(clock.instant());
    Alert started = sent.getFirst().alert();
    sent.clear();
    holding.clear();

    clock.tick(Duration.ofMinutes(3));
    evaluator(store).evaluate(clock.instant());

    assertThat(sent)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.event()).isEqualTo(AlertNotice.Event.RESOLVED);
              assertThat(n.alert().id()).isEqualTo(started.id());
            });
    assertThat(store.firing()).isEmpty();
  }

  @Test
  void during_a_database_outage_alerts_are_sent_and_kept_then_stored_when_it_is_back() {
    AlertStore store = store();
    AlertEvaluator evaluator = evaluator(store);
    evaluator.evaluate(clock.instant());

    databaseDown.set(true);
    holding.add(longQueue(150));
    clock.tick(Duration.ofSeconds(20));
    evaluator.evaluate(clock.instant());

    assertThat(sent)
        .extracting(n -> n.alert().kind())
        .containsExactlyInAnyOrder(AlertKind.DATABASE_UNREACHABLE, AlertKind.QUEUE_LENGTH);
    assertThat(evaluator.unsaved()).isEqualTo(2);

    clock.tick(Duration.ofSeconds(20));
    evaluator.evaluate(clock.instant());
    assertThat(sent).as("no repeat while down").hasSize(2);

    databaseDown.set(false);
    clock.tick(Duration.ofSeconds(20));
    evaluator.evaluate(clock.instant());

    assertThat(evaluator.unsaved()).isZero();
    assertThat(sent.get(2).event()).isEqualTo(AlertNotice.Event.RESOLVED);
    assertThat(sent.get(2).alert().kind()).isEqualTo(AlertKind.DATABASE_UNREACHABLE);
    assertThat(stored(store))
        .extracting(Alert::kind, Alert::state)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AlertKind.QUEUE_LENGTH, Alert.State.FIRING),
            org.assertj.core.groups.Tuple.tuple(
                AlertKind.DATABASE_UNREACHABLE, Alert.State.RESOLVED));
  }

  @Test
  void a_node_started_while_the_database_is_down_takes_up_the_stored_alert_when_it_returns() {
    AlertStore store = store();
    holding.add(longQueue(150));
    evaluator(store).evaluate(clock.instant());
    Alert before = sent.getFirst().alert();
    sent.clear();

    databaseDown.set(true);
    AlertEvaluator restarted = evaluator(store);
    clock.tick(Duration.ofMinutes(1));
    restarted.evaluate(clock.instant());
    databaseDown.set(false);
    clock.tick(Duration.ofMinutes(1));
    restarted.evaluate(clock.instant());

    assertThat(store.firing())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.id()).as("the stored alert goes on").isEqualTo(before.id());
              assertThat(a.startedAt()).isEqualTo(before.startedAt());
            });
    assertThat(restarted.firing()).extracting(Alert::id).containsExactly(before.id());
  }

  @Test
  void with_several_nodes_only_the_one_with_the_duties_evaluates_so_an_alert_fires_once() {
    AlertStore store = store();
    AtomicBoolean onA = new AtomicBoolean(true);
    AtomicBoolean onB = new AtomicBoolean(false);
    AlertEvaluator a = node(store, onA);
    AlertEvaluator b = node(store, onB);
    holding.add(longQueue(150));

    for (int i = 0; i < 10; i++) {
      a.evaluate(clock.instant());
      b.evaluate(clock.instant());
      clock.tick(Duration.ofSeconds(20));
    }

    assertThat(events()).containsExactly(AlertNotice.Event.STARTED);
    assertThat(stored(store)).hasSize(1);
    assertThat(b.firing()).as("b stands by").isEmpty();
  }

  @Test
  void the_node_that_takes_the_duties_over_goes_on_with_the_stored_alerts() {
    AlertStore store = store();
    AtomicBoolean onA = new AtomicBoolean(true);
    AtomicBoolean onB = new AtomicBoolean(false);
    AlertEvaluator a = node(store, onA);
    AlertEvaluator b = node(store, onB);
    holding.add(longQueue(150));
    a.evaluate(clock.instant());
    Alert started = sent.getFirst().alert();
    b.evaluate(clock.instant());

    onA.set(false);
    onB.set(true);
    clock.tick(Duration.ofMinutes(5));
    a.evaluate(clock.instant());
    b.evaluate(clock.instant());
    assertThat(events()).as("b takes the alert up without a new start").hasSize(1);

    clock.tick(Duration.ofMinutes(10));
    b.evaluate(clock.instant());
    holding.clear();
    clock.tick(Duration.ofSeconds(20));
    a.evaluate(clock.instant());
    b.evaluate(clock.instant());
    assertThat(sent)
        .extracting(AlertNotice::event, n -> n.alert().id())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertNotice.Event.STARTED, started.id()),
            org.assertj.core.groups.Tuple.tuple(AlertNotice.Event.REPEATED, started.id()),
            org.assertj.core.groups.Tuple.tuple(AlertNotice.Event.RESOLVED, started.id()));

    // Back to a, which must not go on with the alert b resolved meanwhile.
    onB.set(false);
    onA.set(true);
    holding.add(longQueue(300));
    clock.tick(Duration.ofSeconds(20));
    b.evaluate(clock.instant());
    a.evaluate(clock.instant());
    assertThat(sent.getLast().event()).isEqualTo(AlertNotice.Event.STARTED);
    assertThat(sent.getLast().alert().id()).isNotEqualTo(started.id());
    assertThat(store.firing()).extracting(Alert::id).containsExactly(sent.getLast().alert().id());
  }

  @Test
  void the_node_that_held_the_duties_alerts_on_the_database_while_nobody_can_take_them_over() {
    AlertStore store = store();
    AtomicBoolean onA = new AtomicBoolean(true);
    AtomicBoolean onB = new AtomicBoolean(false);
    AlertEvaluator a = node(store, onA);
    AlertEvaluator b = node(store, onB);
    a.evaluate(clock.instant());
    b.evaluate(clock.instant());

    // The database goes away, and with it a's lease on the duties; nobody can take them.
    databaseDown.set(true);
    onA.set(false);
    for (int i = 0; i < 3; i++) {
      clock.tick(Duration.ofSeconds(20));
      a.evaluate(clock.instant());
      b.evaluate(clock.instant());
    }
    assertThat(sent)
        .singleElement()
        .satisfies(n -> assertThat(n.alert().kind()).isEqualTo(AlertKind.DATABASE_UNREACHABLE));

    // It is back: a tells so and stores what it kept; b takes the duties and has nothing to say.
    databaseDown.set(false);
    clock.tick(Duration.ofSeconds(20));
    a.evaluate(clock.instant());
    onB.set(true);
    b.evaluate(clock.instant());
    clock.tick(Duration.ofSeconds(20));
    a.evaluate(clock.instant());
    b.evaluate(clock.instant());

    assertThat(events()).containsExactly(AlertNotice.Event.STARTED, AlertNotice.Event.RESOLVED);
    assertThat(a.unsaved()).isZero();
    assertThat(stored(store))
        .singleElement()
        .satisfies(alert -> assertThat(alert.state()).isEqualTo(Alert.State.RESOLVED));
  }

  @Test
  void a_rule_that_cannot_read_leaves_its_alerts_firing() {
    AlertStore store = store();
    AlertRule broken =
        new AlertRule() {
          boolean fail;

          @Override
          public AlertKind kind() {
            return AlertKind.QUEUE_LENGTH;
          }

          @Override
          public List<Condition> check(Instant now) {
            if (fail) {
              throw new IllegalStateException("cannot read");
            }
            fail = true;
            return List.of(longQueue(150));
          }
        };
    AlertEvaluator evaluator =
        new AlertEvaluator(
            List.of(broken), store, new AlertLifecycle(COOLDOWN, ids::incrementAndGet), sent::add);

    evaluator.evaluate(clock.instant());
    clock.tick(Duration.ofMinutes(1));
    evaluator.evaluate(clock.instant());

    assertThat(events()).containsExactly(AlertNotice.Event.STARTED);
    assertThat(store.firing()).hasSize(1);
  }
}

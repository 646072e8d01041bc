package dev.anteroom.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the alert rules. One {@link #evaluate} reads every rule, lets {@link AlertLifecycle}
 * decide what starts, repeats and resolves, stores the changes and hands the messages to the
 * channels without waiting for them. A loop calls it every few seconds; tests call it after moving
 * the clock.
 *
 * <p>The firing alerts are read from the store at every evaluation, so after a restart, or on the
 * node that has just taken the cluster's chores over, an alert that still fires goes on without a
 * new "started" message, and one whose condition ended meanwhile is resolved by the first
 * evaluation. While the database cannot be reached (the very condition of one alert), changes are
 * kept in memory and messages are sent anyway; they are stored once it answers, what was stored
 * meanwhile merged in: a stored alert firing for a key goes on, absorbing the one this node
 * started.
 *
 * <p>With several nodes, only the node whose {@code duties} hold evaluates, so an alert fires once
 * for the cluster; the others stand by. A node that held them and loses them while the database
 * does not answer goes on evaluating until it answers again: no other node can take the duties over
 * without the database, and an outage of the database is exactly what must be told. Then it stores
 * what it kept and stands by; the node that takes the duties resolves what ended.
 */
public final class AlertEvaluator {

  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

  private final List<AlertRule> rules;
  private final AlertStore store;
  private final AlertLifecycle lifecycle;
  private final Consumer<AlertNotice> channels;
  private final BooleanSupplier duties;
  private final Map<AlertKey, Alert> firing = new LinkedHashMap<>();
  private final Map<Long, Alert> unsaved = new LinkedHashMap<>();
  private final Set<AlertKind> failingRules = EnumSet.noneOf(AlertKind.class);
  private final Set<AlertKind> waitingRules = EnumSet.noneOf(AlertKind.class);
  private boolean acting;
  private boolean storeFailing;

  /** An evaluator for a node alone with its database: it always evaluates. */
  public AlertEvaluator(
      List<AlertRule> rules,
      AlertStore store,
      AlertLifecycle lifecycle,
      Consumer<AlertNotice> channels) {
    this(rules, store, lifecycle, channels, () -> true);
  }

  /**
   * @param duties whether this node does the cluster's chores now
   */
  public AlertEvaluator(
      List<AlertRule> rules,
      AlertStore store,
      AlertLifecycle lifecycle,
      Consumer<AlertNotice> channels,
      BooleanSupplier duties) {
    this.rules = List.copyOf(rules);
    this.store = store;
    this.lifecycle = lifecycle;
    this.channels = channels;
    this.duties = duties;
  }

  /**
   * One evaluation at {@code now}; answers the messages it handed to the channels (none on a node
   * that stands by).
   */
  public synchronized List<AlertNotice> evaluate(Instant at) {
    boolean mine = duties.getAsBoolean();
    if (!mine && !acting) {
      standBy();
      return List.of();
    }
    boolean read = load();
    if (!mine && read) {
      // The duties went to another node, or can go to one now that the database answers.
      standBy();
      return List.of();
    }
    if (!acting) {
      acting = true;
      log.info("this node evaluates the alerts from now on");
    }
    // As the database keeps times: a restart then compares what it reads with what it wrote.
    Instant now = at.truncatedTo(ChronoUnit.MILLIS);
    List<Condition> found = new ArrayList<>();
    Set<AlertKind> answered = EnumSet.noneOf(AlertKind.class);
    for (AlertRule rule : rules) {
      if (now.isBefore(rule.knownFrom())) {
        if (waitingRules.add(rule.kind())) {
          log.info(
              "alert rule {} answers from {} on; its alerts stay as they are until then",
              rule.kind().wireName(),
              rule.knownFrom());
        }
        continue;
      }
      try {
        found.addAll(rule.check(now));
        answered.add(rule.kind());
        if (failingRules.remove(rule.kind())) {
          log.info("alert rule {} reads again", rule.kind().wireName());
        }
      } catch (RuntimeException e) {
        if (failingRules.add(rule.kind())) {
          log.warn(
              "alert rule {} cannot read its condition; its alerts stay as they are: {}",
              rule.kind().wireName(),
              e.toString());
        }
      }
    }
    AlertLifecycle.Decision decision = lifecycle.decide(firing.values(), found, answered, now);
    for (Alert alert : decision.changed()) {
      if (alert.firing()) {
        firing.put(alert.key(), alert);
      } else {
        firing.remove(alert.key());
      }
      unsaved.put(alert.id(), alert);
    }
    flush(read);
    for (AlertNotice notice : decision.notices()) {
      Alert alert = notice.alert();
      log.info(
          "alert {} {} ({}): {}",
          alert.id(),
          notice.event().name().toLowerCase(java.util.Locale.ROOT),
          alert.kind().wireName(),
          alert.summary());
      channels.accept(notice);
    }
    return decision.notices();
  }

  /** The alerts firing as this evaluator knows them. */
  public synchronized List<Alert> firing() {
    return List.copyOf(firing.values());
  }

  /** Changes not yet stored because the database did not answer. */
  public synchronized int unsaved() {
    return unsaved.size();
  }

  /**
   * Another node evaluates: what this one changed and could not store yet is stored if it can be
   * (that node reads it at its next evaluation), and nothing is held for later but that.
   */
  private void standBy() {
    if (acting) {
      acting = false;
      log.info("another node evaluates the alerts now");
    }
    if (!unsaved.isEmpty()) {
      flush(true);
    }
    firing.clear();
  }

  /**
   * The firing alerts as stored, with this node's unstored changes over them; answers whether the
   * store could be read.
   */
  private boolean load() {
    List<Alert> stored;
    try {
      stored = store.firing();
    } catch (RuntimeException e) {
      storeFailing("cannot read the firing alerts", e);
      return false;
    }
    Map<AlertKey, Alert> current = new LinkedHashMap<>();
    stored.forEach(alert -> current.put(alert.key(), alert));
    for (Alert mine : List.copyOf(unsaved.values())) {
      Alert kept = current.get(mine.key());
      if (kept == null || kept.id() == mine.id()) {
        if (mine.firing()) {
          current.put(mine.key(), mine);
        } else {
          current.remove(mine.key());
        }
      } else if (mine.firing()) {
        unsaved.remove(mine.id());
        Alert merged = kept.absorb(mine);
        current.put(kept.key(), merged);
        unsaved.put(merged.id(), merged);
      }
    }
    firing.clear();
    firing.putAll(current);
    return true;
  }

  /**
   * Stores the changes in order, stopping at the first failure; the store counts as answering again
   * only once it was read and written.
   */
  private void flush(boolean read) {
    for (var it = unsaved.values().iterator(); it.hasNext(); ) {
      try {
        store.save(it.next());
        it.remove();
      } catch (RuntimeException e) {
        storeFailing("cannot store alerts; kept in memory and stored once the database answers", e);
        return;
      }
    }
    if (storeFailing && read) {
      storeFailing = false;
      log.info("alerts are stored again");
    }
  }

  private void storeFailing(String what, RuntimeException e) {
    if (!storeFailing) {
      storeFailing = true;
      log.warn("{}: {}", what, e.toString());
    }
  }
}

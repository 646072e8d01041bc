package dev.anteroom.alert;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the alert rules. One {@link #evaluate} reads every rule, lets {@link AlertLifecycle}
 * decide what starts, repeats and resolves, stores the changes and hands the messages to the
 * channels without waiting for them. A loop calls it every few seconds; tests call it after moving
 * the clock.
 *
 * <p>The firing alerts are read from the store once, so after a restart an alert that still fires
 * goes on without a new "started" message, and one whose condition ended meanwhile is resolved by
 * the first evaluation. While the database cannot be reached (the very condition of one alert),
 * changes are kept in memory and messages are sent anyway; they are stored once it answers. If the
 * store could not be read at start, what was stored is merged in when it can: a stored alert firing
 * for a key goes on, absorbing the one this node started meanwhile.
 */
public final class AlertEvaluator {

  private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);

  private final List<AlertRule> rules;
  private final AlertStore store;
  private final AlertLifecycle lifecycle;
  private final Consumer<AlertNotice> channels;
  private final Map<AlertKey, Alert> firing = new LinkedHashMap<>();
  private final Map<Long, Alert> unsaved = new LinkedHashMap<>();
  private final Set<AlertKind> failingRules = EnumSet.noneOf(AlertKind.class);
  private boolean loaded;
  private boolean storeFailing;

  public AlertEvaluator(
      List<AlertRule> rules,
      AlertStore store,
      AlertLifecycle lifecycle,
      Consumer<AlertNotice> channels) {
    this.rules = List.copyOf(rules);
    this.store = store;
    this.lifecycle = lifecycle;
    this.channels = channels;
  }

  /** One evaluation at {@code now}; answers the messages it handed to the channels. */
  public synchronized List<AlertNotice> evaluate(Instant at) {
    // As the database keeps times: a restart then compares what it reads with what it wrote.
    Instant now = at.truncatedTo(ChronoUnit.MILLIS);
    load();
    List<Condition> found = new ArrayList<>();
    Set<AlertKind> read = EnumSet.noneOf(AlertKind.class);
    for (AlertRule rule : rules) {
      try {
        found.addAll(rule.check(now));
        read.add(rule.kind());
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
    AlertLifecycle.Decision decision = lifecycle.decide(firing.values(), found, read, now);
    for (Alert alert : decision.changed()) {
      if (alert.firing()) {
        firing.put(alert.key(), alert);
      } else {
        firing.remove(alert.key());
      }
      unsaved.put(alert.id(), alert);
    }
    flush();
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

  private void load() {
    if (loaded) {
      return;
    }
    List<Alert> stored;
    try {
      stored = store.firing();
    } catch (RuntimeException e) {
      storeFailing("cannot read the firing alerts", e);
      return;
    }
    for (Alert kept : stored) {
      Alert mine = firing.get(kept.key());
      if (mine == null) {
        firing.put(kept.key(), kept);
      } else if (mine.id() != kept.id()) {
        unsaved.remove(mine.id());
        Alert merged = kept.absorb(mine);
        firing.put(kept.key(), merged);
        unsaved.put(merged.id(), merged);
      }
    }
    loaded = true;
  }

  private void flush() {
    for (var it = unsaved.values().iterator(); it.hasNext(); ) {
      try {
        store.save(it.next());
        it.remove();
      } catch (RuntimeException e) {
        storeFailing("cannot store alerts; kept in memory and stored once the database answers", e);
        return;
      }
    }
    if (storeFailing) {
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

package dev.anteroom.alert;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The alert store's in-memory twin, held to the same contract as the JDBC one. */
public final class InMemoryAlertStore implements AlertStore {

  private static final Comparator<Alert> NEWEST_FIRST =
      Comparator.comparing(Alert::startedAt).thenComparing(Alert::id).reversed();

  private final Map<Long, Alert> alerts = new LinkedHashMap<>();

  @Override
  public synchronized List<Alert> firing() {
    return alerts.values().stream().filter(Alert::firing).toList();
  }

  @Override
  public synchronized void save(Alert alert) {
    Alert held = alerts.get(alert.id());
    if (held != null && !held.firing()) {
      return;
    }
    if (held == null
        && alert.firing()
        && alerts.values().stream().anyMatch(a -> a.firing() && a.key().equals(alert.key()))) {
      return;
    }
    alerts.put(alert.id(), alert);
  }

  @Override
  public synchronized Page<Alert> list(AlertFilter filter, PageRequest page) {
    List<Alert> matching =
        alerts.values().stream().filter(filter::matches).sorted(NEWEST_FIRST).toList();
    List<Alert> items = matching.stream().skip(page.offset()).limit(page.size()).toList();
    return new Page<>(items, page.page(), page.size(), matching.size());
  }
}

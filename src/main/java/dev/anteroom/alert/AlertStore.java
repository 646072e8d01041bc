package dev.anteroom.alert;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.util.List;

/** Where alerts are kept, firing and resolved, so a restart neither repeats nor forgets them. */
public interface AlertStore {

  /** The alerts firing now. */
  List<Alert> firing();

  /**
   * Stores an alert's latest version: a new one is inserted, a firing one updated. A resolved alert
   * never changes again, so a stale version of it is ignored.
   */
  void save(Alert alert);

  /** Alerts matching the filter, newest first. */
  Page<Alert> list(AlertFilter filter, PageRequest page);
}

package dev.anteroom.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.common.PageRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every alert store does: in memory, on H2, on PostgreSQL. */
public abstract class AlertStoreContract {

  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  protected abstract AlertStore store();

  static Alert queueAlert(long id, long application, long queue, Instant at) {
    return Alert.start(
        id,
        new Condition(
            AlertKey.ofQueue(AlertKind.QUEUE_LENGTH, queue), application, queue, "queue " + queue),
        at);
  }

  static Alert systemAlert(long id, Instant at) {
    return Alert.start(
        id,
        new Condition(AlertKey.ofSystem(AlertKind.DISK_SPACE, "data-dir"), null, null, "disk"),
        at);
  }

  private static AlertFilter all() {
    return new AlertFilter(Optional.empty(), null, null, null, null, null, null);
  }

  @Test
  void a_saved_alert_reads_back_as_it_was_and_is_firing() {
    Alert alert = queueAlert(1, 10, 100, T0);
    store().save(alert);

    assertThat(store().firing()).containsExactly(alert);
  }

  @Test
  void a_firing_alert_takes_changes_and_a_resolved_one_never_changes_again() {
    Alert alert = queueAlert(1, 10, 100, T0);
    store().save(alert);
    Alert repeated =
        alert.repeat(
            new Condition(alert.key(), 10L, 100L, "queue 100 still long"),
            T0.plus(Duration.ofMinutes(15)));
    store().save(repeated);
    Alert resolved = repeated.resolve(T0.plus(Duration.ofMinutes(20)));
    store().save(resolved);
    store().save(repeated);

    assertThat(store().firing()).isEmpty();
    assertThat(store().list(all(), new PageRequest(1, 10)).items()).containsExactly(resolved);
    assertThat(resolved.notifications()).isEqualTo(3);
  }

  @Test
  void one_key_has_at_most_one_firing_alert_but_any_number_of_resolved_ones() {
    Alert first = queueAlert(1, 10, 100, T0);
    store().save(first);
    store().save(queueAlert(2, 10, 100, T0.plusSeconds(1)));
    assertThat(store().firing()).containsExactly(first);

    store().save(first.resolve(T0.plusSeconds(2)));
    Alert second = queueAlert(3, 10, 100, T0.plusSeconds(3));
    store().save(second);

    assertThat(store().firing()).containsExactly(second);
    assertThat(store().list(all(), new PageRequest(1, 10)).total()).isEqualTo(2);
  }

  @Test
  void a_listing_is_newest_first_paged_scoped_and_filtered() {
    store().save(queueAlert(1, 10, 100, T0));
    store().save(queueAlert(2, 10, 101, T0.plusSeconds(10)));
    store().save(queueAlert(3, 20, 200, T0.plusSeconds(20)));
    store().save(systemAlert(4, T0.plusSeconds(30)));
    store().save(queueAlert(1, 10, 100, T0).resolve(T0.plusSeconds(5)));

    var everything = store().list(all(), new PageRequest(1, 3));
    assertThat(everything.total()).isEqualTo(4);
    assertThat(everything.items()).extracting(Alert::id).containsExactly(4L, 3L, 2L);
    assertThat(store().list(all(), new PageRequest(2, 3)).items())
        .extracting(Alert::id)
        .containsExactly(1L);

    var tenant = new AlertFilter(Optional.of(Set.of(10L)), null, null, null, null, null, null);
    assertThat(store().list(tenant, new PageRequest(1, 10)).items())
        .extracting(Alert::id)
        .containsExactly(2L, 1L);
    var none = new AlertFilter(Optional.of(Set.of()), null, null, null, null, null, null);
    assertThat(store().list(none, new PageRequest(1, 10)).total()).isZero();

    assertThat(ids(new AlertFilter(Optional.empty(), 20L, null, null, null, null, null)))
        .containsExactly(3L);
    assertThat(ids(new AlertFilter(Optional.empty(), null, 101L, null, null, null, null)))
        .containsExactly(2L);
    assertThat(
            ids(
                new AlertFilter(
                    Optional.empty(), null, null, Alert.State.RESOLVED, null, null, null)))
        .containsExactly(1L);
    assertThat(
            ids(
                new AlertFilter(
                    Optional.empty(), null, null, null, AlertKind.DISK_SPACE, null, null)))
        .containsExactly(4L);
    assertThat(
            ids(new AlertFilter(Optional.empty(), null, null, null, null, T0.plusSeconds(6), null)))
        .as("from: alert 1 ended before it")
        .containsExactly(4L, 3L, 2L);
    assertThat(
            ids(
                new AlertFilter(
                    Optional.empty(), null, null, null, null, null, T0.plusSeconds(20))))
        .as("to: started before it")
        .containsExactly(2L, 1L);
  }

  private List<Long> ids(AlertFilter filter) {
    return store().list(filter, new PageRequest(1, 100)).items().stream().map(Alert::id).toList();
  }
}

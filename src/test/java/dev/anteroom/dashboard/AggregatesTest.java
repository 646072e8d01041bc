package dev.anteroom.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AggregatesTest {

  private static final Instant DAY = Instant.parse("2026-05-01T00:00:00Z");

  /** A store in memory: enough to pin down how reads merge writers and fall back to finer rows. */
  static final class MemoryStore implements AggregateStore {
    final Map<String, PeriodRow> minutes = new java.util.HashMap<>();
    final List<PeriodRow> rollups = new ArrayList<>();
    final Map<Resolution, Set<Instant>> rolled = new java.util.EnumMap<>(Resolution.class);

    @Override
    public void saveMinute(String writer, PeriodRow row) {
      minutes.put(writer + "/" + row.queueId() + "/" + row.start(), row);
    }

    @Override
    public List<PeriodRow> read(Resolution r, Scope scope, Instant from, Instant to) {
      List<PeriodRow> source =
          new ArrayList<>(r == Resolution.MINUTE ? minutes.values() : List.of());
      if (r != Resolution.MINUTE) {
        rollups.stream().filter(row -> row.tally() != null && tagOf(row) == r).forEach(source::add);
      }
      return source.stream()
          .filter(row -> !row.start().isBefore(from) && row.start().isBefore(to))
          .filter(row -> scope.queueId() == null || scope.queueId() == row.queueId())
          .map(AggregatesTest::untag)
          .toList();
    }

    @Override
    public Set<Instant> rolled(Resolution r, Instant from, Instant to) {
      Set<Instant> all = new HashSet<>(rolled.getOrDefault(r, Set.of()));
      all.removeIf(p -> p.isBefore(from) || !p.isBefore(to));
      return all;
    }

    @Override
    public void saveRollup(Resolution r, Instant start, List<PeriodRow> rows) {
      if (rolled.computeIfAbsent(r, x -> new HashSet<>()).contains(start)) {
        return;
      }
      rows.forEach(row -> rollups.add(tag(row, r)));
      rolled.get(r).add(start);
    }

    @Override
    public int purge(Resolution r, Instant before) {
      return 0;
    }
  }

  // Roll-up rows carry their resolution in the application id's last digit, for this test only.
  private static PeriodRow tag(PeriodRow row, Resolution r) {
    return new PeriodRow(
        row.queueId(), row.applicationId() * 10 + r.code(), row.start(), row.tally());
  }

  private static Resolution tagOf(PeriodRow row) {
    return Resolution.values()[(int) (row.applicationId() % 10) - 1];
  }

  private static PeriodRow untag(PeriodRow row) {
    return row.applicationId() >= 10
        ? new PeriodRow(row.queueId(), row.applicationId() / 10, row.start(), row.tally())
        : row;
  }

  private static Tally joins(long joins, int length) {
    return new Tally(joins, 0, 0, 0, 0, 0, 0, new long[WaitBuckets.COUNT], length, length);
  }

  private static Tally waits(long... seconds) {
    long[] buckets = new long[WaitBuckets.COUNT];
    long sum = 0;
    for (long s : seconds) {
      buckets[WaitBuckets.indexOf(s)]++;
      sum += s * 1000;
    }
    return new Tally(0, seconds.length, 0, 0, 0, seconds.length, sum, buckets, 0, 0);
  }

  @Test
  void writers_add_up_and_rewriting_a_minute_changes_nothing() {
    MemoryStore store = new MemoryStore();
    Instant m = DAY.plusSeconds(60);
    store.saveMinute("node-a", new PeriodRow(1, 7, m, joins(3, 5)));
    store.saveMinute("node-a", new PeriodRow(1, 7, m, joins(3, 5)));
    // A restarted process is a new writer: what it counts adds to, never replaces, the last one.
    store.saveMinute("node-a-restarted", new PeriodRow(1, 7, m, joins(2, 4)));
    TreeMap<Instant, PeriodRow> rows =
        new Aggregates(store)
            .byQueue(Resolution.MINUTE, Scope.ALL, DAY, DAY.plusSeconds(3600))
            .get(1L);
    assertThat(rows).hasSize(1);
    assertThat(rows.get(m).tally().joins()).isEqualTo(5);
    assertThat(rows.get(m).tally().lengthEnd()).isEqualTo(5);
  }

  @Test
  void hours_and_days_are_the_same_whether_rolled_or_read_from_finer_rows() {
    MemoryStore store = new MemoryStore();
    // 23:59 of the day before, 00:00, 00:59, 01:00 and 23:59 of the day: the boundaries.
    Instant[] minutes = {
      DAY.minusSeconds(60),
      DAY,
      DAY.plus(Duration.ofMinutes(59)),
      DAY.plus(Duration.ofHours(1)),
      DAY.plus(Duration.ofMinutes(24 * 60 - 1)),
      DAY.plus(Duration.ofDays(1))
    };
    long[] joinCounts = {1, 2, 4, 8, 16, 32};
    for (int i = 0; i < minutes.length; i++) {
      store.saveMinute(
          "w", new PeriodRow(1, 7, minutes[i], waits(i * 40L).then(joins(joinCounts[i], i + 1))));
    }
    Aggregates aggregates = new Aggregates(store);
    Map<Instant, Tally> unrolledHours = hours(aggregates);
    Map<Instant, Tally> unrolledDays = days(aggregates);
    assertThat(unrolledHours.get(DAY).joins()).isEqualTo(2 + 4);
    assertThat(unrolledHours.get(DAY).lengthEnd()).isEqualTo(3);
    assertThat(unrolledHours.get(DAY).lengthMax()).isEqualTo(3);
    assertThat(unrolledHours.get(DAY.plus(Duration.ofHours(1))).joins()).isEqualTo(8);
    assertThat(unrolledDays.get(DAY).joins()).isEqualTo(2 + 4 + 8 + 16);
    assertThat(unrolledDays.get(DAY).releases()).isEqualTo(4);
    assertThat(unrolledDays.get(DAY).p95WaitSeconds()).isEqualTo(300.0);
    assertThat(unrolledDays.get(DAY.minus(Duration.ofDays(1))).joins()).isEqualTo(1);
    assertThat(unrolledDays.get(DAY.plus(Duration.ofDays(1))).joins()).isEqualTo(32);

    for (int h = 0; h < 24; h++) {
      Instant hour = DAY.plus(Duration.ofHours(h));
      store.saveRollup(Resolution.HOUR, hour, aggregates.period(Resolution.HOUR, hour));
    }
    store.saveRollup(Resolution.DAY, DAY, aggregates.period(Resolution.DAY, DAY));
    // Rolled rows only from now on: the minutes of the day no longer count.
    store
        .minutes
        .entrySet()
        .removeIf(
            e ->
                !e.getValue().start().isBefore(DAY)
                    && e.getValue().start().isBefore(DAY.plus(Duration.ofDays(1))));
    assertThat(hours(aggregates)).isEqualTo(unrolledHours);
    assertThat(days(aggregates)).isEqualTo(unrolledDays);
  }

  private static Map<Instant, Tally> hours(Aggregates aggregates) {
    return flat(
        aggregates.byQueue(
            Resolution.HOUR,
            Scope.ALL,
            DAY.minus(Duration.ofDays(1)),
            DAY.plus(Duration.ofDays(2))));
  }

  private static Map<Instant, Tally> days(Aggregates aggregates) {
    return flat(
        aggregates.byQueue(
            Resolution.DAY,
            Scope.ALL,
            DAY.minus(Duration.ofDays(1)),
            DAY.plus(Duration.ofDays(2))));
  }

  private static Map<Instant, Tally> flat(Map<Long, TreeMap<Instant, PeriodRow>> byQueue) {
    Map<Instant, Tally> flat = new TreeMap<>();
    byQueue.get(1L).forEach((start, row) -> flat.put(start, row.tally()));
    return flat;
  }

  @Test
  void the_p95_is_the_upper_bound_of_its_bucket() {
    long[] counts = new long[WaitBuckets.COUNT];
    counts[WaitBuckets.indexOf(3)] = 95;
    counts[WaitBuckets.indexOf(700)] = 5;
    assertThat(WaitBuckets.quantile(counts, 0.95)).isEqualTo(5.0);
    counts[WaitBuckets.indexOf(700)] = 6;
    assertThat(WaitBuckets.quantile(counts, 0.95)).isEqualTo(900.0);
    assertThat(WaitBuckets.quantile(new long[WaitBuckets.COUNT], 0.95)).isNull();
    assertThat(WaitBuckets.indexOf(1)).isZero();
    assertThat(WaitBuckets.indexOf(1.5)).isEqualTo(1);
    assertThat(WaitBuckets.indexOf(100_000)).isEqualTo(WaitBuckets.COUNT - 1);
  }
}

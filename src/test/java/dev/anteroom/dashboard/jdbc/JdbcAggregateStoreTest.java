package dev.anteroom.dashboard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.dashboard.AggregateStore;
import dev.anteroom.dashboard.AggregateStore.PeriodRow;
import dev.anteroom.dashboard.AggregateStore.Scope;
import dev.anteroom.dashboard.Resolution;
import dev.anteroom.dashboard.Tally;
import dev.anteroom.dashboard.WaitBuckets;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The aggregate rows on H2 and PostgreSQL. */
class JdbcAggregateStoreTest {

  @Nested
  class OnH2 extends Contract {
    OnH2() {
      super(TestDatabases.h2());
    }
  }

  @Nested
  @RequiresPostgres
  class OnPostgres extends Contract {
    OnPostgres() {
      super(TestDatabases.postgres());
    }
  }

  abstract static class Contract {

    private static final Instant HOUR = Instant.parse("2026-05-01T10:00:00Z");
    private final AggregateStore store;

    Contract(DataSource database) {
      this.store = new JdbcAggregateStore(JdbcClient.create(database));
    }

    private static Tally tally(long joins, long... waitSeconds) {
      long[] buckets = new long[WaitBuckets.COUNT];
      long sum = 0;
      for (long s : waitSeconds) {
        buckets[WaitBuckets.indexOf(s)]++;
        sum += s * 1000;
      }
      return new Tally(joins, waitSeconds.length, 1, 2, 3, waitSeconds.length, sum, buckets, 7, 9);
    }

    private List<PeriodRow> minutes(Scope scope) {
      return store.read(Resolution.MINUTE, scope, HOUR, HOUR.plus(Duration.ofHours(1))).stream()
          .sorted(Comparator.comparingLong(r -> r.tally().joins()))
          .toList();
    }

    @Test
    void a_writer_rewrites_its_minute_and_writers_are_kept_apart() {
      Instant minute = HOUR.plusSeconds(120);
      store.saveMinute("a", new PeriodRow(11, 1, minute, tally(1)));
      store.saveMinute("a", new PeriodRow(11, 1, minute, tally(5, 3, 700)));
      store.saveMinute("b", new PeriodRow(11, 1, minute, tally(2)));
      List<PeriodRow> rows = minutes(new Scope(Set.of(1L), 11L));
      assertThat(rows).extracting(r -> r.tally().joins()).containsExactly(2L, 5L);
      assertThat(rows.get(1).tally()).isEqualTo(tally(5, 3, 700));
      assertThat(rows.get(1).start()).isEqualTo(minute);
      assertThat(rows.get(1).applicationId()).isEqualTo(1);
    }

    @Test
    void reads_keep_to_their_scope_and_range() {
      store.saveMinute("a", new PeriodRow(21, 2, HOUR, tally(1)));
      store.saveMinute("a", new PeriodRow(22, 2, HOUR, tally(2)));
      store.saveMinute("a", new PeriodRow(31, 3, HOUR, tally(3)));
      store.saveMinute("a", new PeriodRow(21, 2, HOUR.plus(Duration.ofHours(1)), tally(4)));
      assertThat(minutes(new Scope(Set.of(2L), null)))
          .extracting(PeriodRow::queueId)
          .containsExactly(21L, 22L);
      assertThat(minutes(new Scope(Set.of(2L, 3L), 31L)))
          .extracting(PeriodRow::queueId)
          .containsExactly(31L);
      assertThat(minutes(new Scope(Set.of(2L), 31L))).isEmpty();
      assertThat(minutes(new Scope(Set.of(), null))).isEmpty();
    }

    @Test
    void a_period_is_rolled_once_and_marked_after_its_rows() {
      Instant hour = HOUR.plus(Duration.ofHours(5));
      assertThat(store.rolled(Resolution.HOUR, hour, hour.plusSeconds(1))).isEmpty();
      store.saveRollup(Resolution.HOUR, hour, List.of(new PeriodRow(41, 4, hour, tally(6, 40))));
      store.saveRollup(Resolution.HOUR, hour, List.of(new PeriodRow(41, 4, hour, tally(99))));
      assertThat(store.rolled(Resolution.HOUR, hour, hour.plusSeconds(1))).containsExactly(hour);
      assertThat(store.rolled(Resolution.DAY, hour, hour.plusSeconds(1))).isEmpty();
      List<PeriodRow> rows =
          store.read(Resolution.HOUR, new Scope(Set.of(4L), null), hour, hour.plusSeconds(1));
      assertThat(rows).hasSize(1);
      assertThat(rows.getFirst().tally()).isEqualTo(tally(6, 40));
      assertThat(store.read(Resolution.DAY, new Scope(Set.of(4L), null), hour, hour.plusSeconds(1)))
          .isEmpty();
    }

    @Test
    void the_purge_takes_only_what_is_older_than_the_cutoff() {
      Instant old = Instant.parse("2024-01-01T00:00:00Z");
      store.saveMinute("a", new PeriodRow(51, 5, old, tally(1)));
      store.saveMinute("a", new PeriodRow(51, 5, old.plus(Duration.ofDays(8)), tally(2)));
      store.saveRollup(Resolution.HOUR, old, List.of(new PeriodRow(51, 5, old, tally(3))));
      store.saveRollup(Resolution.DAY, old, List.of(new PeriodRow(51, 5, old, tally(4))));
      Instant cutoff = old.plus(Duration.ofDays(1));
      assertThat(store.purge(Resolution.MINUTE, cutoff)).isPositive();
      assertThat(store.purge(Resolution.HOUR, cutoff)).isPositive();
      Scope scope = new Scope(Set.of(5L), null);
      Instant end = old.plus(Duration.ofDays(30));
      assertThat(store.read(Resolution.MINUTE, scope, old, end))
          .extracting(r -> r.tally().joins())
          .containsExactly(2L);
      assertThat(store.read(Resolution.HOUR, scope, old, end)).isEmpty();
      assertThat(store.rolled(Resolution.HOUR, old, end)).isEmpty();
      assertThat(store.read(Resolution.DAY, scope, old, end)).hasSize(1);
      assertThat(store.rolled(Resolution.DAY, old, end)).containsExactly(old);
    }
  }
}

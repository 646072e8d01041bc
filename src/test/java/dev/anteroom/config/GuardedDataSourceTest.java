package dev.anteroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.anteroom.common.DatabaseCircuit;
import dev.anteroom.support.MutableClock;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Only a database that cannot be reached opens the circuit; a pool busy with work does not. */
class GuardedDataSourceTest {

  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final DatabaseCircuit circuit = new DatabaseCircuit(clock, Duration.ofSeconds(1));
  private final HikariDataSource pool = new HikariDataSource();

  @AfterEach
  void close() {
    pool.close();
  }

  @Test
  void a_pool_whose_every_connection_is_in_use_does_not_open_the_circuit() throws Exception {
    pool.setJdbcUrl("jdbc:h2:mem:busy-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    pool.setMaximumPoolSize(1);
    pool.setConnectionTimeout(250);
    GuardedDataSource guarded = new GuardedDataSource(pool, circuit, true);

    try (Connection held = guarded.getConnection()) {
      assertThatThrownBy(guarded::getConnection)
          .isInstanceOf(SQLTransientConnectionException.class);
      assertThat(circuit.state()).isEqualTo(DatabaseCircuit.State.CLOSED);
      assertThat(circuit.outages()).isZero();
    }
    try (Connection again = guarded.getConnection()) {
      assertThat(again.isValid(1)).isTrue();
    }
  }

  @Test
  void a_database_that_refuses_connections_opens_it() {
    pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
    pool.setMaximumPoolSize(1);
    pool.setConnectionTimeout(250);
    pool.setInitializationFailTimeout(-1);
    GuardedDataSource guarded = new GuardedDataSource(pool, circuit, false);

    assertThatThrownBy(guarded::getConnection).isInstanceOf(SQLTransientConnectionException.class);
    assertThat(circuit.state()).isEqualTo(DatabaseCircuit.State.OPEN);
  }
}

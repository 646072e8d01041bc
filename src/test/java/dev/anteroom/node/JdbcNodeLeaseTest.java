package dev.anteroom.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.node.jdbc.JdbcNodeLease;
import dev.anteroom.node.jdbc.SessionLocks;
import dev.anteroom.support.MutableClock;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The single-node lease on a real PostgreSQL, in a schema of its own: the second node is refused; a
 * node whose lease connection is cut takes the lease back, unless another node owned the line
 * meanwhile, in which case it stays fenced.
 */
@RequiresPostgres
class JdbcNodeLeaseTest {

  private final String url = TestPostgres.freshSchemaUrl();
  private final MutableClock clock = MutableClock.startingAt("2026-01-01T00:00:00Z");
  private final List<JdbcNodeLease> leases = new ArrayList<>();

  JdbcNodeLeaseTest() {
    Flyway.configure()
        .dataSource(url, TestPostgres.USER, null)
        .placeholders(Map.of("text", "VARCHAR", "bytes", "BYTEA"))
        .load()
        .migrate();
  }

  @AfterEach
  void giveUp() {
    leases.forEach(JdbcNodeLease::close);
  }

  @Test
  void the_first_node_holds_the_lease_and_a_second_is_refused_with_a_clear_message() {
    JdbcNodeLease first = node("first");
    first.acquire();

    assertThat(first.isHeld()).isTrue();
    assertThatThrownBy(() -> node("second").acquire())
        .isInstanceOf(NodeLeaseTakenException.class)
        .hasMessageContaining("another Anteroom node already runs on database test, schema")
        .hasMessageContaining("only one node may own a database's waiting lines");
  }

  @Test
  void a_stopped_node_frees_the_database_for_the_next() {
    JdbcNodeLease first = node("first");
    first.acquire();
    first.close();

    JdbcNodeLease second = node("second");
    second.acquire();
    assertThat(second.isHeld()).isTrue();
  }

  @Test
  void a_node_whose_lease_connection_is_cut_stops_and_takes_the_lease_back() throws Exception {
    JdbcNodeLease node = node("node");
    node.acquire();

    terminate("node");
    node.check();

    assertThat(node.isHeld()).as("taken back at once: nobody else had it").isTrue();
    assertThat(node.fenced()).isFalse();
  }

  @Test
  void while_another_node_holds_the_lease_the_cut_off_node_stays_out() throws Exception {
    JdbcNodeLease node = node("node");
    node.acquire();
    terminate("node");
    JdbcNodeLease other = node("other");
    other.acquire();

    node.check();

    assertThat(node.isHeld()).isFalse();
    assertThatThrownBy(node::requireHeld).hasMessageContaining("takes no joins");
  }

  @Test
  void a_node_that_another_owned_the_line_behind_stays_fenced_for_good() throws Exception {
    JdbcNodeLease node = node("node");
    node.acquire();
    terminate("node");
    JdbcNodeLease other = node("other");
    other.acquire();
    other.close(); // the other node ran, released visitors, and stopped

    node.check();
    node.check();

    assertThat(node.isHeld()).as("its memory of the line is stale").isFalse();
    assertThat(node.fenced()).isTrue();
    JdbcNodeLease next = node("next");
    next.acquire();
    assertThat(next.isHeld()).as("a fenced node does not keep the database from others").isTrue();
  }

  private JdbcNodeLease node(String name) {
    JdbcNodeLease lease =
        new JdbcNodeLease(() -> connect(name), SessionLocks.POSTGRESQL, clock, name);
    leases.add(lease);
    return lease;
  }

  private Connection connect(String name) throws SQLException {
    Properties settings = new Properties();
    settings.setProperty("user", TestPostgres.USER);
    settings.setProperty("ApplicationName", applicationName(name));
    return DriverManager.getConnection(url, settings);
  }

  private String applicationName(String name) {
    return "lease-test-" + Integer.toHexString(System.identityHashCode(this)) + "-" + name;
  }

  /** What a database restart or a network cut does to the lease's session; waits until it ended. */
  private void terminate(String name) throws SQLException {
    try (Connection admin = DriverManager.getConnection(url, TestPostgres.USER, null);
        PreparedStatement kill =
            admin.prepareStatement(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      kill.setString(1, applicationName(name));
      kill.executeQuery().close();
    }
  }
}

package dev.anteroom.node.jdbc;

import dev.anteroom.node.NodeLease;
import dev.anteroom.node.NodeLeaseTakenException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease as a session lock in the database, held on a connection of its own outside the pool:
 * the database releases it the moment that session ends, so a node that dies (even by {@code kill
 * -9}) frees the database for the next one. The {@code node_lease} row counts acquisitions in an
 * epoch, so a node whose lease connection was cut and which takes the lock again can tell whether
 * another node owned the line meanwhile: if so its memory is stale and it stays fenced (no joins,
 * no releases) until restarted. {@link #check()} is the one step a timer calls every second.
 */
public final class JdbcNodeLease implements NodeLease, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JdbcNodeLease.class);

  /** A vendor's exclusive, session-scoped lock, taken without waiting. */
  public interface SessionLock {
    /** What the lock covers (database and schema), for messages. */
    String scope(Connection connection) throws SQLException;

    boolean tryLock(Connection connection) throws SQLException;

    void unlock(Connection connection) throws SQLException;
  }

  /** Opens the lease's own connection. */
  @FunctionalInterface
  public interface Connector {
    Connection open() throws SQLException;
  }

  private final Connector connector;
  private final SessionLock lock;
  private final Clock clock;
  private final String holder;
  private Connection connection;
  private String scope = "the database";
  private long epoch;
  private Instant lostAt;
  private boolean fenced;
  private volatile boolean held;

  public JdbcNodeLease(Connector connector, SessionLock lock, Clock clock, String holder) {
    this.connector = connector;
    this.lock = lock;
    this.clock = clock;
    this.holder = holder;
  }

  @Override
  public boolean isHeld() {
    return held;
  }

  /** Takes the lease at start, or fails with {@link NodeLeaseTakenException}. */
  public synchronized void acquire() {
    try {
      connection = connector.open();
      scope = lock.scope(connection);
      if (!lock.tryLock(connection)) {
        closeConnection();
        throw new NodeLeaseTakenException(scope);
      }
      epoch = takeEpoch();
      held = true;
      log.info("this node owns the waiting lines in {} (lease epoch {})", scope, epoch);
    } catch (SQLException e) {
      closeConnection();
      throw new IllegalStateException("could not take the node lease: " + e.getMessage(), e);
    }
  }

  /** Makes sure the lease is still held; after a loss, tries to take it back. */
  public synchronized void check() {
    if (fenced) {
      return;
    }
    if (held && alive()) {
      return;
    }
    if (held) {
      held = false;
      lostAt = clock.instant();
      log.error(
          "lost the connection that holds this node's lease on {}: the node may not join or"
              + " release until it has the lease back (polls go on)",
          scope);
      closeConnection();
    }
    retake();
  }

  private void retake() {
    try {
      connection = connector.open();
      if (!lock.tryLock(connection)) {
        // Another node, or this node's old session that the server has not yet seen die.
        closeConnection();
        return;
      }
      long current = currentEpoch();
      if (current != epoch) {
        fenced = true;
        lock.unlock(connection);
        closeConnection();
        log.error(
            "another node owned the waiting lines in {} while this node was cut off (lease epoch"
                + " {}, this node's {}): this node stays fenced, takes no joins and releases"
                + " nobody; restart it to rebuild from the database",
            scope,
            current,
            epoch);
        return;
      }
      held = true;
      log.info(
          "this node holds its lease on {} again after {} ms",
          scope,
          Duration.between(lostAt, clock.instant()).toMillis());
    } catch (SQLException e) {
      closeConnection();
      log.debug("could not take the lease back yet: {}", e.toString());
    }
  }

  /** True once another node has owned the line since this one took it: for tests and health. */
  public synchronized boolean fenced() {
    return fenced;
  }

  private boolean alive() {
    try {
      return connection != null && connection.isValid(1);
    } catch (SQLException e) {
      return false;
    }
  }

  private long takeEpoch() throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE node_lease SET epoch = epoch + 1, holder = ?, acquired_at = ? WHERE id = 1")) {
      update.setString(1, holder);
      update.setLong(2, clock.millis());
      update.executeUpdate();
    }
    return currentEpoch();
  }

  private long currentEpoch() throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT epoch FROM node_lease WHERE id = 1")) {
      if (!row.next()) {
        throw new SQLException("the node_lease row is missing");
      }
      return row.getLong(1);
    }
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // the session is gone either way, and with it the lock
      }
      connection = null;
    }
  }

  /** Gives the lease up: the next node may start at once. */
  @Override
  public synchronized void close() {
    held = false;
    if (connection != null) {
      try {
        lock.unlock(connection);
      } catch (SQLException ignored) {
        // closing the session frees the lock anyway
      }
      closeConnection();
    }
  }
}

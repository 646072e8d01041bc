package dev.anteroom.waiting.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the nodes that follow the lines' log when one commits a change: a PostgreSQL {@code NOTIFY}
 * sent after the commit, from a thread of its own and outside any data transaction (a NOTIFY inside
 * one takes a commit-time lock that every writer then queues on: 8% of throughput with one writer,
 * 49% with eight). Rings close together are sent as one. Each node listens on a connection of its
 * own; without it (the database away), followers fall back to reading every interval.
 */
final class LineBell implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LineBell.class);
  static final String CHANNEL = "anteroom_lines";

  private final DataSource dataSource;
  private final Thread ringer;
  private volatile boolean pending;
  private volatile boolean closed;
  private Connection listening;

  LineBell(DataSource dataSource) {
    this.dataSource = dataSource;
    this.ringer = Thread.ofPlatform().name("anteroom-line-bell").daemon().unstarted(this::ringLoop);
  }

  /** A change has committed: the other nodes hear of it shortly. Never blocks. */
  void ring() {
    pending = true;
    if (ringer.getState() == Thread.State.NEW) {
      startRinger();
    }
    LockSupport.unpark(ringer);
  }

  private synchronized void startRinger() {
    if (ringer.getState() == Thread.State.NEW && !closed) {
      ringer.start();
    }
  }

  private void ringLoop() {
    while (!closed) {
      if (!pending) {
        LockSupport.park(this);
        continue;
      }
      pending = false;
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SELECT pg_notify('" + CHANNEL + "', '')");
      } catch (SQLException | RuntimeException unavailable) {
        // The followers' interval reads catch up; the next ring tries again.
        log.debug("could not ring the line bell", unavailable);
      }
    }
  }

  /**
   * Waits until another node (or this one) rings, or {@code atMost} passes. Called by one thread,
   * the follower's.
   */
  void await(Duration atMost) throws InterruptedException {
    int millis = (int) Math.max(1, atMost.toMillis());
    try {
      if (listening == null) {
        listening = dataSource.getConnection();
        listening.setAutoCommit(true);
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN " + CHANNEL);
        }
      }
      listening.unwrap(PGConnection.class).getNotifications(millis);
    } catch (SQLException | RuntimeException unavailable) {
      closeListening();
      Thread.sleep(millis);
    }
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  private void closeListening() {
    if (listening != null) {
      try {
        listening.close();
      } catch (SQLException ignored) {
        // already gone
      }
      listening = null;
    }
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(ringer);
    closeListening();
  }
}

package dev.anteroom.node.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The session locks {@link JdbcNodeLease} takes, per database. The key covers database and schema,
 * so separate Anteroom installations (or test runs) in one server do not exclude each other.
 */
public final class SessionLocks {

  /** A constant first key ("Ante"), so our advisory locks never collide with other software's. */
  private static final int POSTGRES_CLASS = 0x416E7465;

  private static final String POSTGRES_KEY =
      "hashtext('anteroom.' || current_database() || '.' || current_schema())";

  private SessionLocks() {}

  /** A session-level advisory lock ({@code pg_try_advisory_lock}). */
  public static final JdbcNodeLease.SessionLock POSTGRESQL =
      new JdbcNodeLease.SessionLock() {
        @Override
        public String scope(Connection connection) throws SQLException {
          return text(
              connection,
              "SELECT 'database ' || current_database() || ', schema ' || current_schema()");
        }

        @Override
        public boolean tryLock(Connection connection) throws SQLException {
          return flag(
              connection,
              "SELECT pg_try_advisory_lock(" + POSTGRES_CLASS + ", " + POSTGRES_KEY + ")");
        }

        @Override
        public void unlock(Connection connection) throws SQLException {
          flag(
              connection,
              "SELECT pg_advisory_unlock(" + POSTGRES_CLASS + ", " + POSTGRES_KEY + ")");
        }
      };

  /**
   * An application lock owned by the session ({@code sp_getapplock}). Untested: no SQL Server runs
   * on the build machines.
   */
  public static final JdbcNodeLease.SessionLock SQL_SERVER =
      new JdbcNodeLease.SessionLock() {
        private static final String RESOURCE =
            "DECLARE @resource NVARCHAR(255) = N'anteroom.' + DB_NAME() + N'.' + SCHEMA_NAME(); ";

        @Override
        public String scope(Connection connection) throws SQLException {
          return text(connection, "SELECT N'database ' + DB_NAME() + N', schema ' + SCHEMA_NAME()");
        }

        @Override
        public boolean tryLock(Connection connection) throws SQLException {
          return number(
                  connection,
                  "SET NOCOUNT ON; "
                      + RESOURCE
                      + "DECLARE @result INT; EXEC @result = sp_getapplock @Resource = @resource,"
                      + " @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 0;"
                      + " SELECT @result")
              >= 0;
        }

        @Override
        public void unlock(Connection connection) throws SQLException {
          number(
              connection,
              "SET NOCOUNT ON; "
                  + RESOURCE
                  + "DECLARE @result INT; EXEC @result = sp_releaseapplock @Resource = @resource,"
                  + " @LockOwner = 'Session'; SELECT @result");
        }
      };

  private static String text(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getString(1);
    }
  }

  private static boolean flag(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getBoolean(1);
    }
  }

  /** The first number of the first result set of a batch that may report counts before it. */
  private static long number(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      boolean isResult = statement.execute(sql);
      while (!isResult && statement.getUpdateCount() != -1) {
        isResult = statement.getMoreResults();
      }
      if (!isResult) {
        throw new SQLException("no result from: " + sql);
      }
      try (ResultSet row = statement.getResultSet()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}

package dev.anteroom.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;

/**
 * The real PostgreSQL the tests use: 127.0.0.1:5432, database {@code test}, trust auth (override
 * with {@code ANTEROOM_TEST_PG_URL} and {@code ANTEROOM_TEST_PG_USER}). Each run gets fresh
 * schemas, dropped when the JVM exits.
 */
public final class TestPostgres {

  public static final String URL =
      env("ANTEROOM_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
  public static final String USER = env("ANTEROOM_TEST_PG_USER", "postgres");

  private static volatile Boolean reachable;

  private TestPostgres() {}

  public static boolean reachable() {
    if (reachable == null) {
      try (Connection ignored = connect(URL)) {
        reachable = true;
      } catch (SQLException e) {
        reachable = false;
      }
    }
    return reachable;
  }

  /** Creates an empty schema and answers a JDBC URL whose connections use it. */
  public static String freshSchemaUrl() {
    String schema =
        "anteroom_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection connection = connect(URL);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create schema " + schema, e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(schema)));
    return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  private static void drop(String schema) {
    try (Connection connection = connect(URL);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    } catch (SQLException ignored) {
      // best effort: the schema name is random, a leftover harms nothing
    }
  }

  private static Connection connect(String url) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "3");
    return DriverManager.getConnection(url, properties);
  }

  public static boolean inCi() {
    String ci = System.getenv("CI");
    return ci != null && !ci.isBlank() && !ci.toLowerCase(Locale.ROOT).equals("false");
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

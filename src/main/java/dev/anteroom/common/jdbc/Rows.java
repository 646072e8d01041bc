package dev.anteroom.common.jdbc;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Conversions shared by the JDBC adapters: times are stored as epoch milliseconds. */
public final class Rows {

  private Rows() {}

  /** The instant as the database will give it back: to the millisecond. */
  public static Instant toMillis(Instant instant) {
    return Instant.ofEpochMilli(instant.toEpochMilli());
  }

  public static long millis(Instant instant) {
    return instant.toEpochMilli();
  }

  public static Long millisOrNull(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(value);
  }

  public static Integer integerOrNull(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  public static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  /**
   * One page of {@code select} (which must have no ORDER BY) ordered by creation, using the
   * SQL:2008 OFFSET/FETCH clause that H2, PostgreSQL and SQL Server all accept.
   */
  public static <T> Page<T> page(
      JdbcClient jdbc,
      String select,
      String where,
      java.util.Map<String, ?> params,
      PageRequest page,
      RowMapper<T> mapper) {
    long total =
        jdbc.sql("SELECT COUNT(*) FROM (" + select + " WHERE " + where + ") counted")
            .params(params)
            .query(Long.class)
            .single();
    List<T> items =
        jdbc.sql(
                select
                    + " WHERE "
                    + where
                    + " ORDER BY created_at, id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
            .params(params)
            .param("offset", page.offset())
            .param("limit", page.size())
            .query(mapper)
            .list();
    return new Page<>(items, page.page(), page.size(), total);
  }
}

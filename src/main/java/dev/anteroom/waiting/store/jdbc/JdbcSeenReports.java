package dev.anteroom.waiting.store.jdbc;

import static dev.anteroom.common.jdbc.DatabaseFailures.guarded;

import dev.anteroom.waiting.store.SeenReports;
import dev.anteroom.waiting.store.SeenSeqsCodec;
import dev.anteroom.waiting.store.SeenSink;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Seen reports on PostgreSQL: {@code seen_heads} numbers each queue's reports under its row lock,
 * held to commit, so the numbers come out in commit order; {@code seen_reports} keeps them, seqs
 * packed by {@link SeenSeqsCodec}, until they are purged.
 */
public final class JdbcSeenReports implements SeenReports {

  /**
   * The database's clock in epoch millis, read afresh at each use (not the transaction's start).
   */
  private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

  /**
   * One statement, so one transaction under autocommit: takes the next number under the head's row
   * lock (creating the head on a queue's first report) and inserts the report with it. The packed
   * seqs, up to megabytes, reach the server with the statement, before the lock is taken, so the
   * lock is held for the insert and the commit only.
   */
  private static final String REPORT =
      "WITH head AS (INSERT INTO seen_heads (queue_id, next_report) VALUES (?, 2)"
          + " ON CONFLICT (queue_id) DO UPDATE SET next_report = seen_heads.next_report + 1"
          + " RETURNING next_report - 1 AS report_no)"
          + " INSERT INTO seen_reports (queue_id, report_no, tick, written_ms, seqs)"
          + " SELECT ?, head.report_no, ?, "
          + NOW
          + ", ? FROM head";

  private static final String READ_AFTER =
      "SELECT report_no, tick, seqs FROM seen_reports WHERE queue_id = ? AND report_no > ?"
          + " ORDER BY report_no LIMIT ?";

  private static final int PAGE = 32;

  private final JdbcTemplate jdbc;
  private final int page;

  public JdbcSeenReports(JdbcTemplate jdbc) {
    this(jdbc, PAGE);
  }

  /**
   * @param page how many reports one query reads: the driver holds a whole page in memory, and a
   *     report of a long line is hundreds of kilobytes
   */
  JdbcSeenReports(JdbcTemplate jdbc, int page) {
    if (page < 1) {
      throw new IllegalArgumentException("page must be at least 1, was " + page);
    }
    this.jdbc = jdbc;
    this.page = page;
  }

  @Override
  public void report(long queueId, int tick, long[] seqs) {
    if (seqs.length == 0) {
      return;
    }
    byte[] packed = SeenSeqsCodec.encode(seqs);
    guarded(() -> jdbc.update(REPORT, queueId, queueId, tick, packed));
  }

  @Override
  public long readAfter(long queueId, long afterReportNo, SeenSink sink) {
    long last = afterReportNo;
    while (true) {
      List<Report> reports = readPage(queueId, last);
      for (Report report : reports) {
        SeenSeqsCodec.forEach(report.seqs(), seq -> sink.seen(seq, report.tick()));
        last = report.reportNo();
      }
      if (reports.size() < page) {
        return last;
      }
    }
  }

  private List<Report> readPage(long queueId, long afterReportNo) {
    return guarded(
        () ->
            jdbc.query(
                READ_AFTER,
                (rs, n) -> new Report(rs.getLong(1), rs.getInt(2), rs.getBytes(3)),
                queueId,
                afterReportNo,
                page));
  }

  @Override
  public Map<Long, Long> lastReportNos(Collection<Long> queueIds) {
    return PerQueue.numbers(
        jdbc,
        "SELECT queue_id, next_report - 1 FROM seen_heads WHERE queue_id = ANY (?)",
        queueIds);
  }

  @Override
  public long lastReportNo(long queueId) {
    List<Long> last =
        guarded(
            () ->
                jdbc.queryForList(
                    "SELECT next_report - 1 FROM seen_heads WHERE queue_id = ?",
                    Long.class,
                    queueId));
    return last.isEmpty() ? 0 : last.getFirst();
  }

  @Override
  public int purgeWrittenBefore(Duration age) {
    return guarded(
        () ->
            jdbc.update(
                "DELETE FROM seen_reports WHERE written_ms < " + NOW + " - ?", age.toMillis()));
  }

  private record Report(long reportNo, int tick, byte[] seqs) {}
}

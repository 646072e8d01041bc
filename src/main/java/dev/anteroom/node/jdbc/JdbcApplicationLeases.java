package dev.anteroom.node.jdbc;

import static dev.anteroom.common.jdbc.DatabaseFailures.guarded;

import dev.anteroom.node.ApplicationLeases;
import dev.anteroom.node.LeaseLostException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Application leases in PostgreSQL, timed by {@code clock_timestamp()} so that nodes whose clocks
 * disagree still agree on who holds what. A holder is one process since its start.
 */
public final class JdbcApplicationLeases implements ApplicationLeases {

  /**
   * One statement: takes a free or run-out lease (a new epoch) or renews this holder's live one
   * (the same epoch); answers no row when another holder's lease is live.
   */
  /**
   * The database's clock in epoch millis, read afresh at each use (not the transaction's start).
   */
  private static final String NOW = "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

  private static final String TAKE_OR_RENEW =
      "INSERT INTO application_leases (application_id, holder, epoch, expires_at)"
          + " VALUES (?, ?, 1, "
          + NOW
          + " + ?)"
          + " ON CONFLICT (application_id) DO UPDATE SET"
          + " epoch = CASE WHEN application_leases.holder = EXCLUDED.holder"
          + " AND application_leases.expires_at > "
          + NOW
          + " THEN application_leases.epoch ELSE application_leases.epoch + 1 END,"
          + " holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at"
          + " WHERE application_leases.holder = EXCLUDED.holder"
          + " OR application_leases.expires_at <= "
          + NOW
          + " RETURNING epoch";

  private static final String FENCE =
      "SELECT epoch FROM application_leases WHERE application_id = ? AND holder = ?"
          + " AND epoch = ? AND expires_at > "
          + NOW
          + " FOR SHARE";

  private final JdbcTemplate jdbc;
  private final String holder;
  private final long leaseMillis;

  /**
   * @param holder this process, unique among the nodes (host and a random part)
   * @param lease how long a take or renewal lasts; renew several times within it
   */
  public JdbcApplicationLeases(JdbcTemplate jdbc, String holder, Duration lease) {
    this.jdbc = jdbc;
    this.holder = holder;
    this.leaseMillis = lease.toMillis();
  }

  @Override
  public OptionalLong takeOrRenew(long applicationId) {
    List<Long> epoch =
        guarded(
            () -> jdbc.queryForList(TAKE_OR_RENEW, Long.class, applicationId, holder, leaseMillis));
    return epoch.isEmpty() ? OptionalLong.empty() : OptionalLong.of(epoch.getFirst());
  }

  @Override
  public void giveUp(long applicationId, long epoch) {
    guarded(
        () ->
            jdbc.update(
                "UPDATE application_leases SET expires_at = "
                    + NOW
                    + " WHERE application_id = ? AND holder = ? AND epoch = ?",
                applicationId,
                holder,
                epoch));
  }

  @Override
  public void fence(long applicationId, long epoch) {
    if (jdbc.queryForList(FENCE, Long.class, applicationId, holder, epoch).isEmpty()) {
      throw new LeaseLostException(applicationId, epoch);
    }
  }
}

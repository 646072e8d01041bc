package dev.anteroom.tenant.jdbc;

import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.millis;

import dev.anteroom.common.ConflictException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.jdbc.Rows;
import dev.anteroom.tenant.Admin;
import dev.anteroom.tenant.AdminStore;
import dev.anteroom.tenant.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Admin users and their application bindings in the relational database. */
public final class JdbcAdminStore implements AdminStore {

  private static final String SELECT = "SELECT id, email, role, created_at FROM admins";

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public JdbcAdminStore(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
  }

  @Override
  public Admin create(
      long id, String email, String passwordHash, Role role, Set<Long> applicationIds, Instant at) {
    Instant now = Rows.toMillis(at);
    try {
      transactions.executeWithoutResult(
          status -> {
            jdbc.sql(
                    "INSERT INTO admins (id, email, password_hash, role, created_at,"
                        + " deletion_mark) VALUES (:id, :email, :hash, :role, :now, 0)")
                .param("id", id)
                .param("email", email)
                .param("hash", passwordHash)
                .param("role", role.name())
                .param("now", millis(now))
                .update();
            for (long applicationId : applicationIds) {
              jdbc.sql(
                      "INSERT INTO admin_applications (admin_id, application_id)"
                          + " VALUES (:admin, :application)")
                  .param("admin", id)
                  .param("application", applicationId)
                  .update();
            }
          });
    } catch (DuplicateKeyException e) {
      throw new ConflictException("email_taken", "an admin with email " + email + " exists");
    }
    return new Admin(id, email, role, applicationIds, now);
  }

  @Override
  public Optional<Admin> find(long id) {
    return jdbc.sql(SELECT + " WHERE id = :id AND deleted_at IS NULL")
        .param("id", id)
        .query(this::map)
        .optional();
  }

  @Override
  public Optional<Credentials> findByEmail(String email) {
    return jdbc.sql(
            "SELECT id, email, role, created_at, password_hash FROM admins"
                + " WHERE email = :email AND deleted_at IS NULL")
        .param("email", email)
        .query((rs, n) -> new Credentials(map(rs, n), rs.getString("password_hash")))
        .optional();
  }

  @Override
  public Page<Admin> list(PageRequest page) {
    return Rows.page(jdbc, SELECT, "deleted_at IS NULL", Map.of(), page, this::map);
  }

  @Override
  public boolean delete(long id, Instant now) {
    return jdbc.sql(
                "UPDATE admins SET deleted_at = :now, deletion_mark = id"
                    + " WHERE id = :id AND deleted_at IS NULL")
            .param("id", id)
            .param("now", millis(now))
            .update()
        == 1;
  }

  @Override
  public long countSuperAdmins() {
    return jdbc.sql("SELECT COUNT(*) FROM admins WHERE role = 'SUPER_ADMIN' AND deleted_at IS NULL")
        .query(Long.class)
        .single();
  }

  private Admin map(ResultSet rs, int row) throws SQLException {
    long id = rs.getLong("id");
    return new Admin(
        id,
        rs.getString("email"),
        Role.valueOf(rs.getString("role")),
        applicationsOf(id),
        instant(rs, "created_at"));
  }

  private Set<Long> applicationsOf(long adminId) {
    List<Long> ids =
        jdbc.sql(
                "SELECT aa.application_id FROM admin_applications aa"
                    + " JOIN applications a ON a.id = aa.application_id"
                    + " WHERE aa.admin_id = :admin AND a.deleted_at IS NULL")
            .param("admin", adminId)
            .query(Long.class)
            .list();
    return new HashSet<>(ids);
  }
}

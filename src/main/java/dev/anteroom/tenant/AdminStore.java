package dev.anteroom.tenant;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Where admin users live. Deleted admins are invisible to every method. */
public interface AdminStore {

  /**
   * Stores a new admin.
   *
   * @throws dev.anteroom.common.ConflictException if a live admin has the same email
   */
  Admin create(
      long id, String email, String passwordHash, Role role, Set<Long> applicationIds, Instant now);

  Optional<Admin> find(long id);

  /** The admin and their password hash, for signing in. */
  Optional<Credentials> findByEmail(String email);

  Page<Admin> list(PageRequest page);

  boolean delete(long id, Instant now);

  long countSuperAdmins();

  /** An admin with the hash of their password. */
  record Credentials(Admin admin, String passwordHash) {
    @Override
    public String toString() {
      return "Credentials[" + admin.email() + ", redacted]";
    }
  }
}

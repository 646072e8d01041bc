package dev.anteroom.tenant;

import dev.anteroom.common.ConflictException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The admin store's in-memory twin, for tests of sign-in and the first start. */
public final class InMemoryAdminStore implements AdminStore {

  private final Map<Long, Credentials> admins = new ConcurrentHashMap<>();

  @Override
  public synchronized Admin create(
      long id,
      String email,
      String passwordHash,
      Role role,
      Set<Long> applicationIds,
      Instant now) {
    if (findByEmail(email).isPresent()) {
      throw new ConflictException("email_taken", "an admin with this email exists");
    }
    Admin admin = new Admin(id, email, role, applicationIds, now);
    admins.put(id, new Credentials(admin, passwordHash));
    return admin;
  }

  @Override
  public Optional<Admin> find(long id) {
    return Optional.ofNullable(admins.get(id)).map(Credentials::admin);
  }

  @Override
  public Optional<Credentials> findByEmail(String email) {
    return admins.values().stream().filter(c -> c.admin().email().equals(email)).findFirst();
  }

  @Override
  public Page<Admin> list(PageRequest page) {
    List<Admin> all = new ArrayList<>(admins.values().stream().map(Credentials::admin).toList());
    return new Page<>(all, page.page(), page.size(), all.size());
  }

  @Override
  public boolean delete(long id, Instant now) {
    return admins.remove(id) != null;
  }

  @Override
  public long countSuperAdmins() {
    return admins.values().stream().filter(c -> c.admin().role() == Role.SUPER_ADMIN).count();
  }
}

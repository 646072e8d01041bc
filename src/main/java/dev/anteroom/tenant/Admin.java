package dev.anteroom.tenant;

import java.time.Instant;
import java.util.Set;

/** An operator who signs in with email and password. */
public record Admin(long id, String email, Role role, Set<Long> applicationIds, Instant createdAt) {

  public Admin {
    applicationIds = Set.copyOf(applicationIds);
  }
}

package dev.anteroom.tenant;

import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.NotFoundException;
import java.util.Optional;
import java.util.Set;

/**
 * Who is making a request, and the one place that decides what they may see and change. Anything
 * outside the caller's tenancy is answered as not found, so existence never leaks.
 */
public sealed interface Caller {

  /** A request signed with an application's {@code sk_} or {@code pk_} key. */
  record ApplicationKey(long applicationId, KeyKind kind) implements Caller {}

  /** A signed-in admin user. */
  record AdminUser(long adminId, Role role, Set<Long> applicationIds) implements Caller {
    public AdminUser {
      applicationIds = Set.copyOf(applicationIds);
    }
  }

  /** Whether the caller may see the application at all. */
  default boolean sees(long applicationId) {
    if (this instanceof AdminUser admin) {
      return admin.role() == Role.SUPER_ADMIN || admin.applicationIds().contains(applicationId);
    }
    return ((ApplicationKey) this).applicationId() == applicationId;
  }

  /** The applications the caller may list, or empty for all of them. */
  default Optional<Set<Long>> visibleApplications() {
    if (this instanceof AdminUser admin) {
      return admin.role() == Role.SUPER_ADMIN
          ? Optional.empty()
          : Optional.of(admin.applicationIds());
    }
    return Optional.of(Set.of(((ApplicationKey) this).applicationId()));
  }

  /** Passes unless the caller is a browser-side key, which may only join, poll and cancel. */
  default void requireServerSide() {
    if (this instanceof ApplicationKey key && key.kind() == KeyKind.PUBLISHABLE) {
      throw new ForbiddenException("a publishable key (pk_) can only join, poll and cancel");
    }
  }

  /** Passes if the caller may manage the application: its secret key or one of its admins. */
  default void requireManagement(long applicationId) {
    requireServerSide();
    if (!sees(applicationId)) {
      throw new NotFoundException("application", applicationId);
    }
  }

  default void requireSuperAdmin() {
    if (!(this instanceof AdminUser admin && admin.role() == Role.SUPER_ADMIN)) {
      throw new ForbiddenException("only a super admin can do this");
    }
  }

  /** The application a key belongs to, if the caller is a key. */
  default Optional<Long> keyApplication() {
    return this instanceof ApplicationKey key ? Optional.of(key.applicationId()) : Optional.empty();
  }
}

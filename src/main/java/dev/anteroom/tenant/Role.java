package dev.anteroom.tenant;

/** What an admin user may do. */
public enum Role {
  /** Everything, in every application; the only role that manages applications and admins. */
  SUPER_ADMIN,
  /** The applications the admin is bound to, and their queues. */
  APP_ADMIN
}

package dev.anteroom.config;

import dev.anteroom.common.StartupProblem;

/**
 * Production mode has no super admin yet and no {@code ADMIN_PASSWORD} to create one with; it never
 * generates and prints a password, since logs are kept and shared in production.
 */
public final class MissingAdminPasswordException extends StartupProblem {

  public MissingAdminPasswordException(String email) {
    super(
        "ADMIN_PASSWORD is not set, and ANTEROOM_PROFILE=production requires it to create the first"
            + " super admin ("
            + email
            + "): production never prints a generated password.",
        "Set ADMIN_PASSWORD (and ADMIN_EMAIL if the default admin@anteroom.local is not wanted) for"
            + " the first start; once the super admin exists it is no longer needed. Or unset"
            + " ANTEROOM_PROFILE to run in development mode, which prints a generated password once.");
  }
}

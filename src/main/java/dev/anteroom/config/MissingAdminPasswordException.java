package dev.anteroom.config;

/**
 * Production mode has no super admin yet and no {@code ADMIN_PASSWORD} to create one with; it never
 * generates and prints a password, since logs are kept and shared in production.
 */
public final class MissingAdminPasswordException extends RuntimeException {

  public MissingAdminPasswordException(String email) {
    super(
        "ADMIN_PASSWORD is not set, and ANTEROOM_PROFILE=production requires it to create the first"
            + " super admin ("
            + email
            + "): production never prints a generated password.");
  }
}

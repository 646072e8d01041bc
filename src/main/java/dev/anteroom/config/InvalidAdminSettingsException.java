package dev.anteroom.config;

import dev.anteroom.common.StartupProblem;

/** {@code ADMIN_EMAIL} or {@code ADMIN_PASSWORD} cannot make the first super admin. */
public final class InvalidAdminSettingsException extends StartupProblem {

  public InvalidAdminSettingsException(String problem) {
    super(
        "ADMIN_EMAIL / ADMIN_PASSWORD cannot create the first super admin: " + problem,
        "Set ADMIN_EMAIL to an email address and ADMIN_PASSWORD to 12 characters to 72 bytes"
            + " without control characters, then start again.");
  }
}

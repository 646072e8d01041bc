package dev.anteroom.tenant;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A validated request for a new admin user. */
public record NewAdmin(String email, String password, Role role, Set<Long> applicationIds) {

  static final int MIN_PASSWORD = 12;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  public NewAdmin {
    email = normalizeEmail(email);
    if (password == null || password.length() < MIN_PASSWORD || password.length() > 128) {
      throw new InvalidInputException(
          "password", "password must be between " + MIN_PASSWORD + " and 128 characters long");
    }
    if (role == null) {
      throw new InvalidInputException("role", "role is required: SUPER_ADMIN or APP_ADMIN");
    }
    applicationIds = applicationIds == null ? Set.of() : Set.copyOf(applicationIds);
    if (role == Role.APP_ADMIN && applicationIds.isEmpty()) {
      throw new InvalidInputException(
          "application_ids", "an APP_ADMIN must be bound to at least one application");
    }
    if (role == Role.SUPER_ADMIN && !applicationIds.isEmpty()) {
      throw new InvalidInputException(
          "application_ids", "a SUPER_ADMIN sees every application; leave application_ids empty");
    }
  }

  static String normalizeEmail(String email) {
    String text = Checks.requiredText("email", email, 254).toLowerCase(Locale.ROOT);
    if (!EMAIL.matcher(text).matches()) {
      throw new InvalidInputException("email", "email must be an address such as ops@example.com");
    }
    return text;
  }

  @Override
  public String toString() {
    return "NewAdmin[" + email + ", " + role + ", " + applicationIds + "]";
  }
}

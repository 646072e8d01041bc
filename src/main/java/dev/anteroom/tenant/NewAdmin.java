package dev.anteroom.tenant;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A validated request for a new admin user. A password is 12 characters to 72 bytes of UTF-8:
 * BCrypt reads no further than 72 bytes, so a longer one would be cut without telling, or refused
 * by the hasher.
 */
public record NewAdmin(String email, String password, Role role, Set<Long> applicationIds) {

  static final int MIN_PASSWORD = 12;
  static final int MAX_PASSWORD_BYTES = 72;
  private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  public NewAdmin {
    email = normalizeEmail(email);
    requireValidPassword(password);
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

  private static void requireValidPassword(String password) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_PASSWORD) {
      throw new InvalidInputException(
          "password", "password must be at least " + MIN_PASSWORD + " characters long");
    }
    Checks.requirePlainText("password", password);
    int bytes = password.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_PASSWORD_BYTES) {
      throw new InvalidInputException(
          "password",
          "password must be at most "
              + MAX_PASSWORD_BYTES
              + " bytes in UTF-8 (72 ASCII characters, fewer with accents or other scripts),"
              + " was "
              + bytes);
    }
  }

  /**
   * The address a sign-in looks up, compared as stored; null when none was given. Control
   * characters can be in no stored address (and PostgreSQL refuses a NUL in text), so they are bad
   * input rather than a wrong address.
   */
  static String signInEmail(String email) {
    String text = Checks.optionalText("email", email, Integer.MAX_VALUE);
    return text == null ? null : text.toLowerCase(Locale.ROOT);
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

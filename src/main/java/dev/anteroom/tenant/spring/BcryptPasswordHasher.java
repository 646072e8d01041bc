package dev.anteroom.tenant.spring;

import dev.anteroom.tenant.PasswordHasher;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** BCrypt at cost 12: about a quarter of a second per sign-in on a small machine. */
final class BcryptPasswordHasher implements PasswordHasher {

  private final BCryptPasswordEncoder encoder;

  BcryptPasswordHasher(int strength) {
    this.encoder = new BCryptPasswordEncoder(strength);
  }

  @Override
  public String hash(String password) {
    return encoder.encode(password);
  }

  @Override
  public boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }
}

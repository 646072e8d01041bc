package dev.anteroom.tenant;

/** A slow, salted password hash (BCrypt or Argon2). */
public interface PasswordHasher {

  String hash(String password);

  boolean matches(String password, String hash);
}

package dev.anteroom.access;

import java.time.Instant;

/**
 * The outcome of checking a pass.
 *
 * @param reason why it is not valid ({@code malformed}, {@code unknown_key}, {@code bad_signature},
 *     {@code expired}, {@code wrong_application}, {@code revoked}), or null
 * @param claims what the pass says, when its signature holds
 */
public record PassCheck(boolean valid, String reason, PassClaims claims) {

  static PassCheck invalid(String reason) {
    return new PassCheck(false, reason, null);
  }

  static PassCheck invalid(String reason, PassClaims claims) {
    return new PassCheck(false, reason, claims);
  }

  static PassCheck valid(PassClaims claims) {
    return new PassCheck(true, null, claims);
  }

  public Instant expiresAt() {
    return claims == null ? null : claims.expiresAt();
  }
}

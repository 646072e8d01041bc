package dev.anteroom.access;

import java.time.Instant;

/**
 * What an access pass asserts: this visitor waited in this queue of this application and was let
 * through at {@code issuedAt}, until {@code expiresAt}.
 *
 * @param subject the tenant's visitor key, or a pseudonymous id when it gave none
 */
public record PassClaims(
    long applicationId,
    long queueId,
    long seq,
    String subject,
    Instant issuedAt,
    Instant expiresAt) {

  /** The pass id: stable for a visitor, so a re-issued pass is the same pass. */
  public String passId() {
    return queueId + "-" + seq;
  }
}

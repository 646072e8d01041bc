package dev.anteroom.common;

import java.nio.charset.StandardCharsets;

/**
 * The deployment's {@code SECRET_KEY}, from which every purpose gets its own key (admin tokens,
 * queue tokens, encryption of signing keys), so no two uses ever share key material and the secret
 * itself is never used directly. The derivation is HMAC-SHA256(secret, label), the expand step of
 * HKDF with one block.
 */
public final class SecretMaterial {

  private final byte[] secret;

  public SecretMaterial(String secretKey) {
    if (secretKey == null || secretKey.isEmpty()) {
      throw new IllegalArgumentException("secret key must not be empty");
    }
    this.secret = secretKey.getBytes(StandardCharsets.UTF_8);
  }

  /** A 32-byte key for one purpose; the same label always yields the same key. */
  public byte[] derive(String label) {
    return HmacSha256.of(secret, ("anteroom/" + label).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "SecretMaterial[redacted]";
  }
}

package dev.anteroom.tenant;

import dev.anteroom.common.Hashes;

/**
 * Key generation and hashing. A key is a prefix and 32 random bytes, so a plain SHA-256 is enough
 * to store it: nothing can be guessed from the hash, and lookup by hash stays a single index read.
 */
public final class ApiKeys {

  private ApiKeys() {}

  /** A fresh pair of keys, in clear: to be shown once and never stored. */
  public static IssuedKeys generate() {
    return new IssuedKeys(
        KeyKind.SECRET.prefix() + Hashes.randomToken(32),
        KeyKind.PUBLISHABLE.prefix() + Hashes.randomToken(32));
  }

  public static String hash(String key) {
    return Hashes.sha256Hex(key);
  }

  /** A pair of keys as issued to the tenant. */
  public record IssuedKeys(String secretKey, String publishableKey) {

    public KeyHashes hashes() {
      return new KeyHashes(hash(secretKey), hash(publishableKey));
    }

    @Override
    public String toString() {
      return "IssuedKeys[redacted]";
    }
  }

  /** What is stored of a pair of keys. */
  public record KeyHashes(String secretKeyHash, String publishableKeyHash) {}
}

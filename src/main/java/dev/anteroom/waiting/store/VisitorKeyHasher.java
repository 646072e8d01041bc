package dev.anteroom.waiting.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Reduces a visitor key to 64 bits for the in-memory index. Keyed (the secret is hashed in first)
 * because a browser can choose visitor keys: without the key nobody can aim for a collision, and by
 * chance one is about 1 in 10^7 for a million keys.
 */
public final class VisitorKeyHasher {

  private final MessageDigest prototype;

  public VisitorKeyHasher(byte[] secret) {
    try {
      prototype = MessageDigest.getInstance("SHA-256");
      prototype.update(secret);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A non-zero hash of the key, or 0 for no key. */
  public long hash(String visitorKey) {
    if (visitorKey == null) {
      return 0;
    }
    try {
      MessageDigest digest = (MessageDigest) prototype.clone();
      long hash =
          ByteBuffer.wrap(digest.digest(visitorKey.getBytes(StandardCharsets.UTF_8))).getLong();
      return hash == 0 ? 1 : hash;
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 digests cannot be cloned here", e);
    }
  }
}

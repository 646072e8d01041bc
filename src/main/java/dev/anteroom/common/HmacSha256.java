package dev.anteroom.common;

import java.security.GeneralSecurityException;
import java.util.concurrent.ArrayBlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key. A {@link Mac} is stateful, so each use needs its own; a small pool
 * reuses them rather than cloning one per call (a clone copies two digests' state and was a visible
 * share of a status poll's cost). For a key used once, {@link #of(byte[], byte[])}.
 */
public final class HmacSha256 {

  private static final String ALGORITHM = "HmacSHA256";
  private static final int MAX_POOLED = 64;

  private final Mac prototype;
  private final ArrayBlockingQueue<Mac> pool = new ArrayBlockingQueue<>(MAX_POOLED);

  public HmacSha256(byte[] key) {
    this.prototype = keyed(key);
  }

  /** The 32-byte MAC of {@code message}; safe from any number of threads at once. */
  public byte[] of(byte[] message) {
    Mac mac = pool.poll();
    if (mac == null) {
      mac = copy();
    }
    byte[] result = mac.doFinal(message);
    pool.offer(mac);
    return result;
  }

  /** The 32-byte MAC of {@code message} under {@code key}, for a key used once. */
  public static byte[] of(byte[] key, byte[] message) {
    return keyed(key).doFinal(message);
  }

  private Mac copy() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned here", e);
    }
  }

  private static Mac keyed(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}

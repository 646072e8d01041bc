package dev.anteroom.waiting;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Queue tokens that carry their own address: the queue id and the visitor's sequence number, then
 * 128 bits of HMAC-SHA256 over both, base64url (43 characters). A poll finds its visitor without a
 * lookup table, and a forged or altered token is refused before any line is touched.
 */
public final class VisitorTokens {

  private static final int MAC_BYTES = 16;
  private static final int TOKEN_BYTES = 16 + MAC_BYTES;
  private static final int TOKEN_CHARS = 43;
  private static final int MAX_POOLED = 64;

  private final Mac prototype;
  // Macs are stateful, so each use needs its own; a small pool reuses them instead of cloning one
  // per poll (a clone copies two digests' state and was a visible share of a poll's cost).
  private final ArrayBlockingQueue<Mac> pool = new ArrayBlockingQueue<>(MAX_POOLED);

  public VisitorTokens(byte[] key) {
    try {
      prototype = Mac.getInstance("HmacSHA256");
      prototype.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  public String issue(long queueId, long seq) {
    ByteBuffer buffer = ByteBuffer.allocate(TOKEN_BYTES).putLong(queueId).putLong(seq);
    buffer.put(mac(queueId, seq), 0, MAC_BYTES);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(buffer.array());
  }

  /** The visitor a genuine token names, or null for anything else. */
  public Ref read(String token) {
    if (token == null || token.length() != TOKEN_CHARS || !canonicalEnding(token)) {
      return null;
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    long queueId = buffer.getLong();
    long seq = buffer.getLong();
    byte[] expected = mac(queueId, seq);
    byte[] given = new byte[MAC_BYTES];
    buffer.get(given);
    return MessageDigest.isEqual(java.util.Arrays.copyOf(expected, MAC_BYTES), given)
        ? new Ref(queueId, seq)
        : null;
  }

  /**
   * 43 characters carry 258 bits for 32 bytes: the last character's two low bits are padding, which
   * decoders ignore. Requiring them to be zero gives every token exactly one spelling.
   */
  private static boolean canonicalEnding(String token) {
    char last = token.charAt(TOKEN_CHARS - 1);
    int value =
        last >= 'A' && last <= 'Z'
            ? last - 'A'
            : last >= 'a' && last <= 'z'
                ? last - 'a' + 26
                : last >= '0' && last <= '9' ? last - '0' + 52 : last == '-' ? 62 : 63;
    return (value & 0b11) == 0;
  }

  private byte[] mac(long queueId, long seq) {
    Mac mac = pool.poll();
    if (mac == null) {
      mac = newMac();
    }
    byte[] result = mac.doFinal(ByteBuffer.allocate(16).putLong(queueId).putLong(seq).array());
    pool.offer(mac);
    return result;
  }

  private Mac newMac() {
    try {
      return (Mac) prototype.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("HmacSHA256 cannot be cloned here", e);
    }
  }

  /** The visitor a token names. */
  public record Ref(long queueId, long seq) {}
}

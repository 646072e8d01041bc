package dev.anteroom.waiting;

import dev.anteroom.common.HmacSha256;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Queue tokens that carry their own address: the queue id and the visitor's sequence number, then
 * 128 bits of HMAC-SHA256 over both, base64url (43 characters). A poll finds its visitor without a
 * lookup table, and a forged or altered token is refused before any line is touched.
 */
public final class VisitorTokens {

  private static final int MAC_BYTES = 16;
  private static final int TOKEN_BYTES = 16 + MAC_BYTES;
  private static final int TOKEN_CHARS = 43;
  private final HmacSha256 hmac;

  public VisitorTokens(byte[] key) {
    this.hmac = new HmacSha256(key);
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
    return hmac.of(ByteBuffer.allocate(16).putLong(queueId).putLong(seq).array());
  }

  /** The visitor a token names. */
  public record Ref(long queueId, long seq) {}
}

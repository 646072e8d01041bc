package dev.anteroom.access;

import dev.anteroom.common.HmacSha256;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * The {@code sub} of a pass whose visitor the tenant did not name: {@code "anon-"} and the first 16
 * bytes of HMAC-SHA256 over the queue id and sequence number, base64url (27 characters in all). It
 * is stable for a place, so a re-issued pass has the same subject, and reveals neither the sequence
 * number nor how many joined. Its key is its own: the queue token's MAC must not be derivable from
 * a pass the origin holds.
 */
public final class AnonymousSubjects {

  public static final String PREFIX = "anon-";
  private static final int MAC_BYTES = 16;

  private final HmacSha256 hmac;

  public AnonymousSubjects(byte[] key) {
    this.hmac = new HmacSha256(key);
  }

  public String of(long queueId, long seq) {
    byte[] full = hmac.of(ByteBuffer.allocate(16).putLong(queueId).putLong(seq).array());
    return PREFIX
        + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(full, MAC_BYTES));
  }
}

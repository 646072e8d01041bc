package dev.anteroom.callback;

import dev.anteroom.common.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signs callbacks as the Standard Webhooks specification says: {@code v1,<base64 of
 * HMAC-SHA256(key, "<id>.<timestamp>.<body>")>}, where the key is the base64 after the secret's
 * {@code whsec_} prefix. During a secret rotation each secret signs, and the signatures are sent
 * space-separated, so a receiver holding either secret verifies the callback.
 */
public final class WebhookSigner {

  public static final String SECRET_PREFIX = "whsec_";
  private static final int MAX_CACHED_KEYS = 10_000;

  // Keyed MACs by secret, so a busy application's key is not set up for every callback.
  private final Map<String, HmacSha256> keyed = new ConcurrentHashMap<>();

  /** The {@code webhook-signature} header value. */
  public String sign(String webhookId, long timestampSeconds, byte[] body, List<String> secrets) {
    if (secrets.isEmpty()) {
      throw new IllegalArgumentException("no secret to sign with");
    }
    byte[] prefix = (webhookId + "." + timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII);
    byte[] message = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, message, 0, prefix.length);
    System.arraycopy(body, 0, message, prefix.length, body.length);
    StringBuilder header = new StringBuilder();
    for (String secret : secrets) {
      if (!header.isEmpty()) {
        header.append(' ');
      }
      header.append("v1,").append(Base64.getEncoder().encodeToString(mac(secret).of(message)));
    }
    return header.toString();
  }

  private HmacSha256 mac(String secret) {
    HmacSha256 mac = keyed.get(secret);
    if (mac == null) {
      if (keyed.size() >= MAX_CACHED_KEYS) {
        keyed.clear();
      }
      mac = keyed.computeIfAbsent(secret, s -> new HmacSha256(keyBytes(s)));
    }
    return mac;
  }

  /** The key bytes of a {@code whsec_...} secret. */
  static byte[] keyBytes(String secret) {
    String encoded =
        secret.startsWith(SECRET_PREFIX) ? secret.substring(SECRET_PREFIX.length()) : secret;
    try {
      return Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      // Never echo the secret itself.
      throw new IllegalArgumentException("a webhook secret is not valid base64 after whsec_");
    }
  }
}

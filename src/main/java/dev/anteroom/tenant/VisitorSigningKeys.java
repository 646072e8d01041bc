package dev.anteroom.tenant;

import dev.anteroom.common.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Each application's visitor-signing key ({@code vsk_...}), with which the tenant's server signs
 * the visitor ids a browser carries (see {@link VisitorIdSignature}). API keys are stored only as
 * hashes, so the server could not check an HMAC keyed with the {@code sk_} itself; this key is
 * instead derived, never stored: HMAC-SHA256 under a key derived from {@code SECRET_KEY}, over
 * {@code application_id + ":" + secret_key_hash}. It is shown with the keys, changes when they
 * rotate, and is never logged.
 *
 * <p>Lookups are cached for the API-key cache time: rotation or deletion on this node clears the
 * entry at once, and the expiry bounds how long another node still accepts the old key.
 */
public final class VisitorSigningKeys {

  public static final String PREFIX = "vsk_";
  private static final int MAX_ENTRIES = 10_000;

  private final byte[] root;
  private final LongFunction<Optional<String>> secretKeyHashes;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param root the derived key for this purpose ({@code "visitor-id-signing"})
   * @param secretKeyHashes the live application's current secret-key hash, by application id
   */
  public VisitorSigningKeys(
      byte[] root, LongFunction<Optional<String>> secretKeyHashes, Clock clock, Duration cacheFor) {
    this.root = root.clone();
    this.secretKeyHashes = secretKeyHashes;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** The key for an application whose secret key has this hash. */
  public String derive(long applicationId, String secretKeyHash) {
    byte[] key =
        HmacSha256.of(root, (applicationId + ":" + secretKeyHash).getBytes(StandardCharsets.UTF_8));
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  /** The live application's current key, or empty if there is no such application. */
  public Optional<String> current(long applicationId) {
    Instant now = clock.instant();
    Cached cached = cache.get(applicationId);
    if (cached != null && now.isBefore(cached.until())) {
      return Optional.of(cached.key());
    }
    Optional<String> key =
        secretKeyHashes.apply(applicationId).map(hash -> derive(applicationId, hash));
    if (key.isEmpty()) {
      cache.remove(applicationId);
      return key;
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(applicationId, new Cached(key.get(), now.plus(cacheFor)));
    return key;
  }

  /** Drops the cached key of the application, after a rotation or deletion. */
  public void forget(long applicationId) {
    cache.remove(applicationId);
  }

  @Override
  public String toString() {
    return "VisitorSigningKeys[redacted]";
  }

  private record Cached(String key, Instant until) {
    @Override
    public String toString() {
      return "Cached[redacted]";
    }
  }
}

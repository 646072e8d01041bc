package dev.anteroom.tenant;

import dev.anteroom.common.KeySealer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each application's Standard Webhooks secret ({@code whsec_} and the base64 of 32 random bytes),
 * with which callbacks are signed. It is stored sealed with AES-GCM under a key derived from {@code
 * SECRET_KEY} for this purpose alone, shown once (on creation and on rotation) and never logged.
 * After a rotation the previous secret keeps signing for {@link #OVERLAP}, so a receiver can switch
 * over without dropping a callback: the specification lets a sender send both signatures.
 *
 * <p>Lookups are cached for a few seconds, as the dispatcher signs every delivery; a rotation on
 * this node drops the entry at once.
 */
public final class WebhookSecrets {

  public static final String PREFIX = "whsec_";

  /** How long the previous secret still signs after a rotation. */
  public static final Duration OVERLAP = Duration.ofHours(24);

  private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int MAX_ENTRIES = 10_000;

  private final KeySealer sealer;
  private final LongFunction<Optional<SealedWebhookSecrets>> stored;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<Long, Cached> cache = new ConcurrentHashMap<>();

  /**
   * @param sealer keyed with the key derived for this purpose ({@code "webhook-secret-sealing"})
   * @param stored the live application's sealed secrets, by application id
   */
  public WebhookSecrets(
      KeySealer sealer,
      LongFunction<Optional<SealedWebhookSecrets>> stored,
      Clock clock,
      Duration cacheFor) {
    this.sealer = sealer;
    this.stored = stored;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** A fresh secret, in clear: to be shown once and stored only {@linkplain #seal sealed}. */
  public static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  public String seal(String secret) {
    return sealer.seal(secret);
  }

  /**
   * The secrets that sign the application's callbacks at {@code now}: the current one first, then
   * the previous one while it is still valid. Empty for an unknown or deleted application, or one
   * without a secret yet.
   */
  public List<String> signingSecrets(long applicationId, Instant now) {
    Cached cached = cache.get(applicationId);
    Instant read = clock.instant();
    if (cached == null || !read.isBefore(cached.until())) {
      cached = load(applicationId, read);
    }
    List<String> secrets = new ArrayList<>(2);
    if (cached.current() != null) {
      secrets.add(cached.current());
    }
    if (cached.previous() != null && now.isBefore(cached.previousUntil())) {
      secrets.add(cached.previous());
    }
    return secrets;
  }

  /** Drops the cached secrets of the application, after a rotation or deletion. */
  public void forget(long applicationId) {
    cache.remove(applicationId);
  }

  private Cached load(long applicationId, Instant now) {
    SealedWebhookSecrets sealed = stored.apply(applicationId).orElse(null);
    Cached fresh =
        sealed == null
            ? new Cached(null, null, null, now.plus(cacheFor))
            : new Cached(
                open(applicationId, sealed.current()),
                sealed.previousUntil() == null ? null : open(applicationId, sealed.previous()),
                sealed.previousUntil(),
                now.plus(cacheFor));
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(applicationId, fresh);
    return fresh;
  }

  private String open(long applicationId, String sealed) {
    if (sealed == null) {
      return null;
    }
    try {
      return sealer.open(sealed);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      // The secret itself is never logged; only that it cannot be opened, and why that happens.
      log.warn(
          "application {}: its webhook secret cannot be opened (was SECRET_KEY changed?); rotate"
              + " it to sign callbacks again",
          applicationId);
      return null;
    }
  }

  @Override
  public String toString() {
    return "WebhookSecrets[redacted]";
  }

  private record Cached(String current, String previous, Instant previousUntil, Instant until) {
    @Override
    public String toString() {
      return "Cached[redacted]";
    }
  }
}

package dev.anteroom.tenant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.anteroom.common.TooManyRequestsException;
import dev.anteroom.common.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Turns an {@code X-API-Key} into a caller. Answers are cached for a short time, both ways: a join
 * must not pay a database read for its key, and a flood of requests with one unknown key must not
 * cost a read each. Rotation and deletion on this node clear the known keys at once, creation and
 * rotation clear any refusal of the new keys; the expiry bounds how long another node may still
 * accept an old key or refuse a new one. Lookups that find nothing are throttled per client
 * address, so guessing keys cannot turn into a stream of database reads either.
 */
public final class ApiKeyAuthenticator {

  private static final int MAX_ENTRIES = 10_000;
  private static final int MAX_KEY_LENGTH = 200;

  private final ApplicationStore store;
  private final Throttle failures;
  private final Cache<String, Caller.ApplicationKey> known;
  private final Cache<String, Boolean> refused;

  /**
   * @param cacheFor how long a lookup's answer, found or not, is trusted
   * @param failures the allowance of lookups that find nothing, per client address
   */
  public ApiKeyAuthenticator(
      ApplicationStore store, Clock clock, Duration cacheFor, Throttle failures) {
    this.store = store;
    this.failures = failures;
    this.known = cache(clock, cacheFor);
    this.refused = cache(clock, cacheFor);
  }

  private static <V> Cache<String, V> cache(Clock clock, Duration ttl) {
    return Caffeine.newBuilder()
        .maximumSize(MAX_ENTRIES)
        .expireAfterWrite(ttl)
        .ticker(() -> Throttle.nanos(clock))
        .build();
  }

  /**
   * The caller holding this key.
   *
   * @param clientAddress where the request comes from, for the throttle on unknown keys
   * @throws UnauthenticatedException if no live application holds the key
   * @throws TooManyRequestsException if the address has tried too many unknown keys lately
   */
  public Caller.ApplicationKey authenticate(String key, String clientAddress) {
    if (KeyKind.of(key).isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw invalid();
    }
    String hash = ApiKeys.hash(key);
    Caller.ApplicationKey cached = known.getIfPresent(hash);
    if (cached != null) {
      return cached;
    }
    if (refused.getIfPresent(hash) != null) {
      throw invalid();
    }
    Throttle.Decision attempt = failures.take(clientAddress);
    if (!attempt.granted()) {
      throw new TooManyRequestsException(
          "api_key_throttled",
          "too many unknown API keys from this address; try again after Retry-After seconds",
          attempt.retryAfter());
    }
    Optional<Caller.ApplicationKey> found = store.findByKeyHash(hash);
    if (found.isEmpty()) {
      refused.put(hash, Boolean.TRUE);
      throw invalid();
    }
    failures.giveBack(clientAddress);
    known.put(hash, found.get());
    return found.get();
  }

  /** Drops every cached key of the application, after a rotation or deletion. */
  public void forget(long applicationId) {
    known.asMap().values().removeIf(caller -> caller.applicationId() == applicationId);
  }

  /** New keys were issued on this node: a refusal cached for them must not outlive the moment. */
  public void issued(ApiKeys.KeyHashes keys) {
    refused.invalidate(keys.secretKeyHash());
    refused.invalidate(keys.publishableKeyHash());
  }

  private static UnauthenticatedException invalid() {
    return new UnauthenticatedException("the API key is not valid");
  }
}

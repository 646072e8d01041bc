package dev.anteroom.tenant;

import dev.anteroom.common.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code X-API-Key} into a caller. Answers are cached for a short time because a join must
 * not pay a database read for its key; rotation and deletion on this node clear the cache at once,
 * and the expiry bounds how long another node may still accept an old key.
 */
public final class ApiKeyAuthenticator {

  private static final int MAX_ENTRIES = 10_000;

  private final ApplicationStore store;
  private final Clock clock;
  private final Duration cacheFor;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ApiKeyAuthenticator(ApplicationStore store, Clock clock, Duration cacheFor) {
    this.store = store;
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  public Caller.ApplicationKey authenticate(String key) {
    if (KeyKind.of(key).isEmpty() || key.length() > 200) {
      throw new UnauthenticatedException("the API key is not valid");
    }
    String hash = ApiKeys.hash(key);
    Instant now = clock.instant();
    Cached cached = cache.get(hash);
    if (cached != null && now.isBefore(cached.until())) {
      return cached.caller();
    }
    Optional<Caller.ApplicationKey> found = store.findByKeyHash(hash);
    if (found.isEmpty()) {
      cache.remove(hash);
      throw new UnauthenticatedException("the API key is not valid");
    }
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(hash, new Cached(found.get(), now.plus(cacheFor)));
    return found.get();
  }

  /** Drops every cached key of the application, after a rotation or deletion. */
  public void forget(long applicationId) {
    cache.values().removeIf(cached -> cached.caller().applicationId() == applicationId);
  }

  private record Cached(Caller.ApplicationKey caller, Instant until) {}
}

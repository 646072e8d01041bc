package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.common.TooManyRequestsException;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Key lookups are cached both ways, and unknown keys are throttled per address. */
class ApiKeyAuthenticatorTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final CountingStore store = new CountingStore();
  private final ApiKeyAuthenticator keys =
      new ApiKeyAuthenticator(
          store,
          clock,
          Duration.ofSeconds(10),
          new Throttle(20, Duration.ofSeconds(1), 100, clock));

  @Test
  void a_flood_with_one_unknown_key_costs_one_lookup_until_the_refusal_expires() {
    String bogus = ApiKeys.generate().secretKey();

    for (int request = 0; request < 2_000; request++) {
      assertThatThrownBy(() -> keys.authenticate(bogus, "192.0.2.1"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    assertThat(store.lookups).hasValue(1);

    clock.tick(Duration.ofSeconds(10));
    assertThatThrownBy(() -> keys.authenticate(bogus, "192.0.2.1"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThat(store.lookups).hasValue(2);
  }

  @Test
  void a_known_key_is_looked_up_once_per_expiry() {
    ApiKeys.IssuedKeys issued = store.register(7);

    for (int request = 0; request < 100; request++) {
      assertThat(keys.authenticate(issued.publishableKey(), "192.0.2.2").applicationId())
          .isEqualTo(7);
    }
    assertThat(store.lookups).hasValue(1);
  }

  @Test
  void an_address_guessing_many_keys_gets_a_429_without_a_lookup() {
    for (int guess = 0; guess < 20; guess++) {
      String bogus = ApiKeys.generate().secretKey();
      assertThatThrownBy(() -> keys.authenticate(bogus, "192.0.2.3"))
          .isInstanceOf(UnauthenticatedException.class);
    }

    assertThatThrownBy(() -> keys.authenticate(ApiKeys.generate().secretKey(), "192.0.2.3"))
        .isInstanceOfSatisfying(
            TooManyRequestsException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(1)));
    assertThat(store.lookups).hasValue(20);
    assertThatThrownBy(() -> keys.authenticate(ApiKeys.generate().secretKey(), "192.0.2.4"))
        .as("another address")
        .isInstanceOf(UnauthenticatedException.class);

    clock.tick(Duration.ofSeconds(1));
    assertThatThrownBy(() -> keys.authenticate(ApiKeys.generate().secretKey(), "192.0.2.3"))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void known_keys_are_not_charged_to_the_address() {
    ApiKeys.IssuedKeys issued = store.register(8);
    for (int request = 0; request < 50; request++) {
      keys.authenticate(issued.secretKey(), "192.0.2.5");
      keys.forget(8);
    }
    assertThat(store.lookups).hasValue(50);
  }

  @Test
  void keys_issued_on_this_node_work_at_once_and_forgotten_ones_stop_at_once() {
    ApiKeys.IssuedKeys issued = ApiKeys.generate();
    assertThatThrownBy(() -> keys.authenticate(issued.secretKey(), "192.0.2.6"))
        .isInstanceOf(UnauthenticatedException.class);

    store.register(9, issued);
    keys.issued(issued.hashes());
    assertThat(keys.authenticate(issued.secretKey(), "192.0.2.6").kind()).isEqualTo(KeyKind.SECRET);

    store.byHash.clear();
    keys.forget(9);
    assertThatThrownBy(() -> keys.authenticate(issued.secretKey(), "192.0.2.6"))
        .isInstanceOf(UnauthenticatedException.class);
  }

  @Test
  void text_that_is_not_a_key_is_refused_without_a_lookup_or_a_charge() {
    for (int request = 0; request < 100; request++) {
      String text = "nonsense-" + request;
      assertThatThrownBy(() -> keys.authenticate(text, "192.0.2.7"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    assertThat(store.lookups).hasValue(0);
  }

  /** Answers key lookups from a map and counts them; nothing else is used here. */
  private static final class CountingStore implements ApplicationStore {
    final Map<String, Caller.ApplicationKey> byHash = new ConcurrentHashMap<>();
    final AtomicInteger lookups = new AtomicInteger();

    ApiKeys.IssuedKeys register(long applicationId) {
      return register(applicationId, ApiKeys.generate());
    }

    ApiKeys.IssuedKeys register(long applicationId, ApiKeys.IssuedKeys issued) {
      byHash.put(
          issued.hashes().secretKeyHash(),
          new Caller.ApplicationKey(applicationId, KeyKind.SECRET));
      byHash.put(
          issued.hashes().publishableKeyHash(),
          new Caller.ApplicationKey(applicationId, KeyKind.PUBLISHABLE));
      return issued;
    }

    @Override
    public Optional<Caller.ApplicationKey> findByKeyHash(String keyHash) {
      lookups.incrementAndGet();
      return Optional.ofNullable(byHash.get(keyHash));
    }

    @Override
    public Application create(
        long id, ApplicationFields fields, ApiKeys.KeyHashes keys, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Application> find(long id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Application> all() {
      throw new UnsupportedOperationException();
    }

    @Override
    public Page<Application> list(PageRequest page, Optional<Set<Long>> only) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Application> update(long id, ApplicationFields fields, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean replaceKeys(long id, ApiKeys.KeyHashes keys, Instant now) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Optional<String> secretKeyHash(long id) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean delete(long id, Instant now) {
      throw new UnsupportedOperationException();
    }
  }
}

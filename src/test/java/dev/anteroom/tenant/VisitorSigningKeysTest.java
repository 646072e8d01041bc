package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class VisitorSigningKeysTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final Map<Long, String> secretKeyHashes = new HashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();
  private final VisitorSigningKeys keys =
      new VisitorSigningKeys(
          new byte[32],
          id -> {
            lookups.incrementAndGet();
            return Optional.ofNullable(secretKeyHashes.get(id));
          },
          clock,
          Duration.ofSeconds(10));

  @Test
  void the_key_depends_on_the_application_and_its_current_secret_key() {
    String key = keys.derive(1, "a".repeat(64));

    assertThat(key).startsWith("vsk_").hasSize(47).isEqualTo(keys.derive(1, "a".repeat(64)));
    assertThat(keys.derive(2, "a".repeat(64))).isNotEqualTo(key);
    assertThat(keys.derive(1, "b".repeat(64))).isNotEqualTo(key);
    VisitorSigningKeys otherSecret =
        new VisitorSigningKeys(new byte[] {1}, id -> Optional.empty(), clock, Duration.ZERO);
    assertThat(otherSecret.derive(1, "a".repeat(64))).isNotEqualTo(key);
  }

  @Test
  void a_lookup_is_cached_until_forgotten_or_expired() {
    secretKeyHashes.put(1L, "a".repeat(64));
    String first = keys.current(1).orElseThrow();
    secretKeyHashes.put(1L, "b".repeat(64));

    assertThat(keys.current(1)).contains(first);
    assertThat(lookups).hasValue(1);

    keys.forget(1);
    assertThat(keys.current(1)).contains(keys.derive(1, "b".repeat(64)));

    secretKeyHashes.put(1L, "c".repeat(64));
    clock.tick(Duration.ofSeconds(10));
    assertThat(keys.current(1)).contains(keys.derive(1, "c".repeat(64)));
    assertThat(keys.current(2)).isEmpty();
    assertThat(keys.toString()).doesNotContain("vsk_");
  }
}

package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AdminTokensTest {

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final byte[] key = "0123456789abcdef0123456789abcdef".getBytes();
  private final AdminTokens tokens = new AdminTokens(key, clock, Duration.ofMinutes(30));
  private final Admin admin =
      new Admin(42, "a@b.example", Role.SUPER_ADMIN, Set.of(), Instant.EPOCH);

  @Test
  void a_token_names_its_admin_until_it_expires() {
    AdminTokens.Issued issued = tokens.issue(admin);
    assertThat(issued.expiresInSeconds()).isEqualTo(1800);
    assertThat(tokens.verify(issued.token())).isEqualTo(42);

    clock.tick(Duration.ofMinutes(30));
    assertThatThrownBy(() -> tokens.verify(issued.token()))
        .isInstanceOf(UnauthenticatedException.class)
        .hasMessageContaining("expired");
  }

  @Test
  void a_token_signed_with_another_key_or_altered_is_refused() {
    AdminTokens other =
        new AdminTokens("another-key-another-key-another-".getBytes(), clock, Duration.ofHours(1));
    String foreign = other.issue(admin).token();
    assertThatThrownBy(() -> tokens.verify(foreign)).isInstanceOf(UnauthenticatedException.class);

    String token = tokens.issue(admin).token();
    String[] parts = token.split("\\.");
    String alteredPayload =
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
    assertThatThrownBy(() -> tokens.verify(alteredPayload))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> tokens.verify(parts[0] + "." + parts[1] + "."))
        .isInstanceOf(UnauthenticatedException.class);
  }
}

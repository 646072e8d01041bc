package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.TooManyRequestsException;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.support.MutableClock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Sign-in throttling, checked before the password hash is paid for. */
class LoginThrottleTest {

  private static final String EMAIL = "ops@shop.example";
  private static final String PASSWORD = "the-right-password";

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final FakeHasher hasher = new FakeHasher();
  private final InMemoryAdminStore store = new InMemoryAdminStore();
  private final AdminService admins =
      new AdminService(
          store,
          null,
          hasher,
          new AdminTokens(new byte[32], clock, Duration.ofHours(1)),
          new LoginThrottle(
              new Throttle(5, Duration.ofSeconds(10), 100, clock),
              new Throttle(20, Duration.ofSeconds(3), 100, clock)),
          clock);

  LoginThrottleTest() {
    store.create(1, EMAIL, hasher.hash(PASSWORD), Role.SUPER_ADMIN, Set.of(), clock.instant());
    hasher.checks.set(0);
  }

  @Test
  void a_throttled_attempt_costs_no_password_hash_and_says_how_long_to_wait() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertThatThrownBy(() -> admins.login(EMAIL, "guess", "192.0.2.1"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    assertThat(hasher.checks).hasValue(5);

    assertThatThrownBy(() -> admins.login(" OPS@shop.example ", PASSWORD, "192.0.2.2"))
        .isInstanceOfSatisfying(
            TooManyRequestsException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(10)));
    assertThat(hasher.checks).as("no hash for a throttled attempt").hasValue(5);

    clock.tick(Duration.ofSeconds(10));
    assertThat(admins.login(EMAIL, PASSWORD, "192.0.2.2").token()).isNotBlank();
  }

  @Test
  void unknown_emails_are_throttled_per_address_before_the_decoy_hash() {
    for (int attempt = 1; attempt <= 20; attempt++) {
      String email = "who-" + attempt + "@shop.example";
      assertThatThrownBy(() -> admins.login(email, "guess", "192.0.2.3"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    assertThatThrownBy(() -> admins.login("who-21@shop.example", "guess", "192.0.2.3"))
        .isInstanceOf(TooManyRequestsException.class);
    assertThat(hasher.checks).hasValue(20);
    assertThat(admins.login(EMAIL, PASSWORD, "192.0.2.4").token()).isNotBlank();
  }

  @Test
  void only_failures_count() {
    for (int attempt = 1; attempt <= 4; attempt++) {
      assertThatThrownBy(() -> admins.login(EMAIL, "guess", "192.0.2.5"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    for (int signIn = 1; signIn <= 10; signIn++) {
      assertThat(admins.login(EMAIL, PASSWORD, "192.0.2.5").token()).isNotBlank();
    }
    assertThatThrownBy(() -> admins.login(EMAIL, "guess", "192.0.2.5"))
        .isInstanceOf(UnauthenticatedException.class);
    assertThatThrownBy(() -> admins.login(EMAIL, PASSWORD, "192.0.2.5"))
        .isInstanceOf(TooManyRequestsException.class);
  }

  @Test
  void a_refusal_by_one_allowance_does_not_charge_the_other() {
    for (int attempt = 1; attempt <= 5; attempt++) {
      assertThatThrownBy(() -> admins.login(EMAIL, "guess", "192.0.2.6"))
          .isInstanceOf(UnauthenticatedException.class);
    }
    for (int attempt = 1; attempt <= 30; attempt++) {
      assertThatThrownBy(() -> admins.login(EMAIL, "guess", "192.0.2.6"))
          .isInstanceOf(TooManyRequestsException.class);
    }
    for (int attempt = 1; attempt <= 15; attempt++) {
      String email = "who-" + attempt + "@shop.example";
      assertThatThrownBy(() -> admins.login(email, "guess", "192.0.2.6"))
          .as("the address has 15 attempts left")
          .isInstanceOf(UnauthenticatedException.class);
    }
  }
}

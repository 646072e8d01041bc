package dev.anteroom.tenant.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.config.AnteroomProperties;
import dev.anteroom.config.MissingAdminPasswordException;
import dev.anteroom.support.MutableClock;
import dev.anteroom.tenant.AdminService;
import dev.anteroom.tenant.AdminTokens;
import dev.anteroom.tenant.FakeHasher;
import dev.anteroom.tenant.InMemoryAdminStore;
import dev.anteroom.tenant.LoginThrottle;
import dev.anteroom.tenant.Role;
import dev.anteroom.tenant.Throttle;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The first start: a printed password in development, a required one in production. */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapTest {

  private static final String EMAIL = "admin@anteroom.local";

  private final MutableClock clock = MutableClock.startingAt("2026-06-01T10:00:00Z");
  private final InMemoryAdminStore store = new InMemoryAdminStore();
  private final AdminService admins =
      new AdminService(
          store,
          null,
          new FakeHasher(),
          new AdminTokens(new byte[32], clock, Duration.ofHours(1)),
          new LoginThrottle(
              new Throttle(5, Duration.ofSeconds(10), 10, clock),
              new Throttle(5, Duration.ofSeconds(10), 10, clock)),
          clock);

  private AdminBootstrap bootstrap(String password, boolean production) {
    return new AdminBootstrap(admins, new AnteroomProperties.Admin(EMAIL, password), production);
  }

  @Test
  void production_without_a_password_refuses_to_create_the_first_admin(CapturedOutput output) {
    assertThatThrownBy(() -> bootstrap(null, true).afterSingletonsInstantiated())
        .isInstanceOf(MissingAdminPasswordException.class)
        .hasMessageContaining("ADMIN_PASSWORD is not set");
    assertThatThrownBy(() -> bootstrap("  ", true).afterSingletonsInstantiated())
        .isInstanceOf(MissingAdminPasswordException.class);

    assertThat(store.countSuperAdmins()).isZero();
    assertThat(output.getAll()).doesNotContain("with the generated password");
  }

  @Test
  void production_needs_no_password_once_a_super_admin_exists() {
    store.create(1, "ops@shop.example", "x", Role.SUPER_ADMIN, Set.of(), clock.instant());

    bootstrap(null, true).afterSingletonsInstantiated();

    assertThat(store.countSuperAdmins()).isEqualTo(1);
  }

  @Test
  void production_with_a_password_creates_the_admin_and_prints_nothing(CapturedOutput output) {
    bootstrap("a-long-chosen-password", true).afterSingletonsInstantiated();

    assertThat(store.findByEmail(EMAIL)).isPresent();
    assertThat(output.getAll()).doesNotContain("with the generated password");
  }

  @Test
  void development_prints_a_generated_password_once(CapturedOutput output) {
    bootstrap(null, false).afterSingletonsInstantiated();
    bootstrap(null, false).afterSingletonsInstantiated();

    assertThat(store.findByEmail(EMAIL)).isPresent();
    assertThat(output.getAll().split("with the generated password", -1)).hasSize(2);
  }
}

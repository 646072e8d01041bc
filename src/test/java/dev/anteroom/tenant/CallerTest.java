package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.NotFoundException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

  private final Caller secret = new Caller.ApplicationKey(1, KeyKind.SECRET);
  private final Caller publishable = new Caller.ApplicationKey(1, KeyKind.PUBLISHABLE);
  private final Caller superAdmin = new Caller.AdminUser(9, Role.SUPER_ADMIN, Set.of());
  private final Caller appAdmin = new Caller.AdminUser(8, Role.APP_ADMIN, Set.of(1L, 2L));

  @Test
  void a_key_sees_only_its_own_application() {
    assertThat(secret.sees(1)).isTrue();
    assertThat(secret.sees(2)).isFalse();
    assertThat(secret.visibleApplications()).contains(Set.of(1L));
  }

  @Test
  void a_super_admin_sees_everything_and_an_app_admin_their_bindings() {
    assertThat(superAdmin.sees(12345)).isTrue();
    assertThat(superAdmin.visibleApplications()).isEqualTo(Optional.empty());
    assertThat(appAdmin.sees(2)).isTrue();
    assertThat(appAdmin.sees(3)).isFalse();
    assertThat(appAdmin.visibleApplications()).contains(Set.of(1L, 2L));
  }

  @Test
  void management_of_a_foreign_application_is_not_found_and_by_a_publishable_key_forbidden() {
    secret.requireManagement(1);
    assertThatThrownBy(() -> secret.requireManagement(2))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("application 2");
    assertThatThrownBy(() -> appAdmin.requireManagement(3)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> publishable.requireManagement(1))
        .isInstanceOf(ForbiddenException.class)
        .hasMessageContaining("pk_");
  }

  @Test
  void only_a_super_admin_passes_the_super_admin_check() {
    superAdmin.requireSuperAdmin();
    assertThatThrownBy(appAdmin::requireSuperAdmin).isInstanceOf(ForbiddenException.class);
    assertThatThrownBy(secret::requireSuperAdmin).isInstanceOf(ForbiddenException.class);
  }
}

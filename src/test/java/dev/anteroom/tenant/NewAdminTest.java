package dev.anteroom.tenant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.common.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class NewAdminTest {

  private static NewAdmin withPassword(String password) {
    return new NewAdmin("ops@shop.example", password, Role.SUPER_ADMIN, null);
  }

  @Test
  void a_password_is_12_characters_to_72_bytes() {
    assertThat(withPassword("p".repeat(12)).password()).hasSize(12);
    assertThat(withPassword("p".repeat(72)).password()).hasSize(72);
    assertThat(withPassword("é".repeat(36)).password()).hasSize(36); // 72 bytes
    assertThat(withPassword("😀".repeat(12)).password()).hasSize(24); // 12 characters, 48 bytes
  }

  @Test
  void a_password_past_72_bytes_is_refused_with_its_size() {
    for (String password : List.of("p".repeat(73), "é".repeat(37), "p".repeat(128))) {
      assertThatThrownBy(() -> withPassword(password))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("at most 72 bytes")
          .extracting(e -> ((InvalidInputException) e).field())
          .isEqualTo("password");
    }
  }

  @Test
  void a_short_or_broken_password_is_refused() {
    for (String password :
        List.of("p".repeat(11), "", "long-enough-\u0000", "long-enough-\ud800")) {
      assertThatThrownBy(() -> withPassword(password))
          .as(password)
          .isInstanceOf(InvalidInputException.class)
          .extracting(e -> ((InvalidInputException) e).field())
          .isEqualTo("password");
    }
  }

  @Test
  void a_sign_in_email_is_compared_lower_cased_and_must_hold_no_control_characters() {
    assertThat(NewAdmin.signInEmail(" Ops@Shop.EXAMPLE ")).isEqualTo("ops@shop.example");
    assertThat(NewAdmin.signInEmail(null)).isNull();
    assertThatThrownBy(() -> NewAdmin.signInEmail("ops\u0000@shop.example"))
        .isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("email");
  }
}

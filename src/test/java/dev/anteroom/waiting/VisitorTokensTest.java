package dev.anteroom.waiting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VisitorTokensTest {

  private final VisitorTokens tokens = new VisitorTokens("key-one".getBytes());

  @Test
  void a_token_names_its_queue_and_visitor() {
    String token = tokens.issue(4503599627370495L, 12345);

    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.read(token)).isEqualTo(new VisitorTokens.Ref(4503599627370495L, 12345));
  }

  @Test
  void a_forged_altered_or_foreign_token_names_nobody() {
    String token = tokens.issue(7, 8);
    char last = token.charAt(20);
    String altered = token.substring(0, 20) + (last == 'A' ? 'B' : 'A') + token.substring(21);

    assertThat(tokens.read(altered)).isNull();
    assertThat(new VisitorTokens("key-two".getBytes()).read(token)).isNull();
    assertThat(tokens.read(null)).isNull();
    assertThat(tokens.read("")).isNull();
    assertThat(tokens.read("!".repeat(43))).isNull();
    assertThat(tokens.read(token + "A")).isNull();
  }

  @Test
  void a_token_has_one_spelling_only() {
    String token = tokens.issue(7, 8);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(token.charAt(42));
    for (int padding = 1; padding < 4; padding++) {
      String variant = token.substring(0, 42) + alphabet.charAt(last | padding);
      assertThat(tokens.read(variant)).as(variant).isNull();
    }
    assertThat(tokens.read(token)).isNotNull();
  }
}

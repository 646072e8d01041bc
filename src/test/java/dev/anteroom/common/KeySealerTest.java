package dev.anteroom.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class KeySealerTest {

  private final KeySealer sealer = new KeySealer(new byte[32]);

  @Test
  void sealed_text_opens_only_unchanged_and_under_the_same_key() throws Exception {
    String sealed = sealer.seal("the private key");

    assertThat(sealer.open(sealed)).isEqualTo("the private key");
    assertThat(sealer.seal("the private key")).as("a fresh nonce each time").isNotEqualTo(sealed);

    byte[] bytes = Base64.getDecoder().decode(sealed);
    bytes[bytes.length - 1] ^= 1;
    String altered = Base64.getEncoder().encodeToString(bytes);
    assertThatThrownBy(() -> sealer.open(altered)).isInstanceOf(GeneralSecurityException.class);
    byte[] otherKey = new byte[32];
    otherKey[0] = 1;
    assertThatThrownBy(() -> new KeySealer(otherKey).open(sealed))
        .isInstanceOf(GeneralSecurityException.class);
  }
}

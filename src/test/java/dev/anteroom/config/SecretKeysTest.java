package dev.anteroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeysTest {

  @TempDir Path dataDir;

  @Test
  void production_without_a_secret_key_is_refused_with_a_clear_message() {
    assertThatThrownBy(() -> SecretKeys.resolve(properties("production", null)))
        .isInstanceOf(MissingSecretKeyException.class)
        .hasMessageContaining("SECRET_KEY is not set");
    assertThatThrownBy(() -> SecretKeys.resolve(properties("production", "short")))
        .isInstanceOf(MissingSecretKeyException.class)
        .hasMessageContaining("too short");
  }

  @Test
  void development_generates_a_key_once_and_keeps_it() throws Exception {
    byte[] first = SecretKeys.resolve(properties("development", null)).derive("x");
    byte[] second = SecretKeys.resolve(properties("development", null)).derive("x");

    assertThat(first).isEqualTo(second);
    assertThat(Files.readString(dataDir.resolve("dev-secret-key"))).hasSizeGreaterThan(40);
  }

  @Test
  void a_configured_key_derives_distinct_keys_per_purpose() {
    var material = SecretKeys.resolve(properties("production", "x".repeat(40)));
    assertThat(material.derive("a")).isNotEqualTo(material.derive("b")).hasSize(32);
    assertThat(material.toString()).doesNotContain("xxxx");
  }

  private AnteroomProperties properties(String profile, String secret) {
    return new AnteroomProperties(
        profile,
        secret,
        dataDir.toString(),
        new AnteroomProperties.Admin("a@b.example", null),
        new AnteroomProperties.Database(null, null, null, null, null),
        Duration.ofHours(1),
        Duration.ofSeconds(10),
        20,
        Duration.ofSeconds(1),
        new AnteroomProperties.Login(5, Duration.ofSeconds(10), 20, Duration.ofSeconds(3)));
  }
}

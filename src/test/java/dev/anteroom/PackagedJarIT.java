package dev.anteroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ChildServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The newcomer's path: the packaged jar, no configuration at all. */
class PackagedJarIT {

  @Test
  void the_jar_starts_with_no_configuration_and_reports_healthy(@TempDir Path workDir) {
    Map<String, String> env = new HashMap<>();
    // Port 8000 is the default; only when something else holds it (a developer's own server)
    // does the test ask for a free port instead.
    boolean defaultPortFree = ChildServer.portFree(8000);
    if (!defaultPortFree) {
      env.put("PORT", "0");
    }
    try (ChildServer server = ChildServer.start(workDir, env)) {
      int port = server.awaitPort(Duration.ofSeconds(120));
      if (defaultPortFree) {
        assertThat(port).isEqualTo(8000);
      }

      Api.Answer health = new Api(port).get("/health");
      assertThat(health.status()).isEqualTo(200);
      assertThat(health.json().get("components").get("db").get("status").asString())
          .isEqualTo("UP");
      assertThat(Files.exists(workDir.resolve("data/anteroom.mv.db"))).isTrue();
      assertThat(server.output())
          .contains("DEVELOPMENT MODE")
          .contains("generated password")
          .contains("embedded H2 database");
    }
  }

  @Test
  void production_mode_never_prints_a_generated_admin_password(@TempDir Path workDir) {
    try (ChildServer server =
        ChildServer.start(
            workDir,
            Map.of(
                "ANTEROOM_PROFILE", "production",
                "SECRET_KEY", "a-production-secret-key-of-more-than-32-characters",
                "PORT", "0"))) {
      int exit = server.awaitExit(Duration.ofSeconds(120));

      assertThat(exit).isNotZero();
      assertThat(server.output())
          .contains("ADMIN_PASSWORD is not set")
          .contains("Set ADMIN_PASSWORD")
          .doesNotContain("with the generated password")
          .doesNotContain("Tomcat started");
    }
  }

  @Test
  void production_mode_without_a_secret_key_refuses_to_start(@TempDir Path workDir) {
    try (ChildServer server =
        ChildServer.start(workDir, Map.of("ANTEROOM_PROFILE", "production", "PORT", "0"))) {
      int exit = server.awaitExit(Duration.ofSeconds(120));

      assertThat(exit).isNotZero();
      assertThat(server.output())
          .contains("SECRET_KEY is not set")
          .contains("Set SECRET_KEY")
          .doesNotContain("Tomcat started");
    }
  }
}

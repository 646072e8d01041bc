package dev.anteroom.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.AnteroomApplication;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Anteroom nodes on one PostgreSQL database and schema would each number joins and release
 * visitors: the second one must not start, and must say why and what to do.
 */
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class SingleNodeTest {

  @Test
  void a_second_node_on_the_same_database_fails_at_start_with_a_clear_message(
      CapturedOutput output) {
    String database = TestPostgres.freshSchemaUrl();
    try (ConfigurableApplicationContext first = start(database)) {
      assertThat(first.getBean(NodeLease.class).isHeld()).isTrue();

      assertThatThrownBy(() -> start(database).close())
          .hasRootCauseInstanceOf(NodeLeaseTakenException.class);
      assertThat(output.getOut())
          .contains("APPLICATION FAILED TO START")
          .contains("another Anteroom node already runs on database test, schema anteroom_test_")
          .contains("Stop the other node first");
    }

    try (ConfigurableApplicationContext next = start(database)) {
      assertThat(next.getBean(NodeLease.class).isHeld())
          .as("a stopped node frees the database")
          .isTrue();
    }
  }

  private static ConfigurableApplicationContext start(String database) {
    // As arguments, so they take precedence over application.yml like an operator's settings.
    return new SpringApplicationBuilder(AnteroomApplication.class)
        .run(
            "--server.port=0",
            "--anteroom.database.url=" + database,
            "--anteroom.database.user=" + TestPostgres.USER,
            "--anteroom.secret-key=" + ApiTestBase.SECRET_KEY,
            "--anteroom.admin.password=" + ApiTestBase.ADMIN_PASSWORD,
            "--anteroom.bcrypt-strength=4",
            "--anteroom.release.loop-enabled=false",
            "--anteroom.data-dir=target/test-data");
  }
}

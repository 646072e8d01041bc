package dev.anteroom.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** {@code /health} tells the truth about writes, not only about connections. */
class DatabaseHealthApiTest {

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    @Autowired DataSource dataSource;

    @Test
    void health_is_up_when_a_write_commits() {
      clock.tick(Duration.ofSeconds(1));
      Api.Answer health = api().get("/health");

      assertThat(health.status()).as(health.toString()).isEqualTo(200);
      assertThat(component(health, "db")).isEqualTo("UP");
      assertThat(component(health, "dbWrite")).isEqualTo("UP");
    }

    @Test
    void health_is_down_while_writes_cannot_commit_even_though_reads_work() throws Exception {
      try (Connection blocker = dataSource.getConnection();
          Statement statement = blocker.createStatement()) {
        blocker.setAutoCommit(false);
        statement.executeQuery("SELECT epoch FROM node_lease WHERE id = 1 FOR UPDATE").close();
        clock.tick(Duration.ofSeconds(1));

        Api.Answer health = api().get("/health");

        assertThat(health.status()).as(health.toString()).isEqualTo(503);
        assertThat(component(health, "db")).isEqualTo("UP");
        assertThat(component(health, "dbWrite")).isEqualTo("DOWN");
        blocker.rollback();
      }
      clock.tick(Duration.ofSeconds(1));
      assertThat(api().get("/health").status()).isEqualTo(200);
    }

    private static String component(Api.Answer health, String name) {
      return health.json().get("components").get(name).get("status").asString();
    }
  }
}

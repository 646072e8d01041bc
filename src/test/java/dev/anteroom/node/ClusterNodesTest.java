package dev.anteroom.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anteroom.AnteroomApplication;
import dev.anteroom.node.spring.ClusterProperties;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.support.Api;
import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestPostgres;
import dev.anteroom.waiting.store.EmbeddedLineStore;
import dev.anteroom.waiting.store.WaitingLineStore;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two nodes with CLUSTER_MODE on one PostgreSQL schema both start (where a second node without it
 * is refused), and a visitor who joins through one is polled through the other at the same place;
 * the embedded database refuses CLUSTER_MODE at start with a clear message.
 */
@RequiresPostgres
@ExtendWith(OutputCaptureExtension.class)
class ClusterNodesTest {

  @Test
  void two_nodes_share_one_database_and_answer_the_same_place() {
    String database = TestPostgres.freshSchemaUrl();
    try (ConfigurableApplicationContext first = start(database, "--anteroom.cluster.enabled=true");
        ConfigurableApplicationContext second =
            start(database, "--anteroom.cluster.enabled=true")) {
      assertThat(first.getBean(ClusterProperties.class).enabled()).isTrue();
      assertThat(((EmbeddedLineStore) second.getBean(WaitingLineStore.class)).isShared()).isTrue();
      Api one = new Api(port(first));
      Api two = new Api(port(second));
      String token =
          one.post(
                  "/auth/login",
                  Map.of("email", ApiTestBase.ADMIN_EMAIL, "password", ApiTestBase.ADMIN_PASSWORD))
              .text("access_token");
      Api.Answer app =
          one.withToken(token).post("/applications", Map.of("name", "app-" + suffix()));
      String sk = app.text("secret_key");
      long queue =
          one.withKey(sk)
              .post("/queues", Map.of("name", "q-" + suffix(), "release_rate_per_minute", 60))
              .id();
      one.withKey(sk).post("/queues/" + queue + "/pause");
      // The release loop, which re-reads queues every few seconds, is off in this test.
      second.getBean(QueueDirectory.class).refresh();

      Api.Answer joinedOnOne = one.withKey(sk).post("/join", Map.of("queue_id", queue));
      Api.Answer joinedOnTwo = two.withKey(sk).post("/join", Map.of("queue_id", queue));
      assertThat(joinedOnOne.status()).as(joinedOnOne.toString()).isEqualTo(201);
      assertThat(joinedOnTwo.status()).as(joinedOnTwo.toString()).isEqualTo(201);
      assertThat(joinedOnTwo.json().get("position").asInt()).isEqualTo(2);
      assertThat(joinedOnTwo.header("Anteroom-Line")).isEqualTo("2");

      Api.Answer polledOnTwo =
          two.get("/queue_status?token=" + joinedOnOne.text("token") + "&line=2");
      Api.Answer polledOnOne = one.get("/queue_status?token=" + joinedOnTwo.text("token"));
      assertThat(polledOnTwo.json().get("position").asInt()).isEqualTo(1);
      assertThat(polledOnOne.json().get("position").asInt()).isEqualTo(2);
      assertThat(polledOnOne.header("Anteroom-Line")).isEqualTo("2");
    }
  }

  @Test
  void cluster_mode_on_the_embedded_database_is_refused_at_start(CapturedOutput output) {
    assertThatThrownBy(
            () ->
                new SpringApplicationBuilder(AnteroomApplication.class)
                    .run(
                        "--server.port=0",
                        "--anteroom.cluster.enabled=true",
                        "--anteroom.secret-key=" + ApiTestBase.SECRET_KEY,
                        "--anteroom.admin.password=" + ApiTestBase.ADMIN_PASSWORD,
                        "--anteroom.data-dir=target/test-data/cluster-h2-" + suffix())
                    .close())
        .hasRootCauseInstanceOf(dev.anteroom.common.StartupProblem.class);
    assertThat(output.getOut())
        .contains("APPLICATION FAILED TO START")
        .contains("CLUSTER_MODE=true needs PostgreSQL");
  }

  private static ConfigurableApplicationContext start(String database, String... more) {
    String[] base = {
      "--server.port=0",
      "--anteroom.database.url=" + database,
      "--anteroom.database.user=" + TestPostgres.USER,
      "--anteroom.secret-key=" + ApiTestBase.SECRET_KEY,
      "--anteroom.admin.email=" + ApiTestBase.ADMIN_EMAIL,
      "--anteroom.admin.password=" + ApiTestBase.ADMIN_PASSWORD,
      "--anteroom.bcrypt-strength=4",
      "--anteroom.release.loop-enabled=false",
      "--anteroom.data-dir=target/test-data"
    };
    String[] args = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, args, base.length, more.length);
    return new SpringApplicationBuilder(AnteroomApplication.class).run(args);
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  private static String suffix() {
    return UUID.randomUUID().toString().substring(0, 8);
  }
}

package dev.anteroom;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.Api;
import dev.anteroom.support.ChildServer;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestPostgres;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rule 1: an acknowledged join survives {@code kill -9}. A child JVM takes joins from several
 * threads, is killed with SIGKILL while joins are in flight, and restarts on the same database;
 * every join that got its 201 must still be waiting, and in the same order relative to the others.
 */
class CrashRecoveryIT {

  private static final String SECRET = "crash-test-secret-key-long-enough-for-production";
  private static final String PASSWORD = "crash-test-admin-password";

  @Test
  void acknowledged_joins_survive_sigkill_on_the_embedded_database(@TempDir Path workDir)
      throws Exception {
    crashAndRecover(workDir, Map.of());
  }

  @Test
  @RequiresPostgres
  void acknowledged_joins_survive_sigkill_on_postgresql(@TempDir Path workDir) throws Exception {
    crashAndRecover(
        workDir, Map.of("DB_URL", TestPostgres.freshSchemaUrl(), "DB_USER", TestPostgres.USER));
  }

  private static void crashAndRecover(Path workDir, Map<String, String> database) throws Exception {
    Map<String, String> env = new HashMap<>(database);
    env.put("SECRET_KEY", SECRET);
    env.put("ADMIN_PASSWORD", PASSWORD);
    env.put("PORT", "0");

    List<Acked> acked;
    long queue;
    try (ChildServer server = ChildServer.start(workDir, env)) {
      Api api = new Api(server.awaitPort(Duration.ofSeconds(120)));
      Api.Answer login =
          api.post("/auth/login", Map.of("email", "admin@anteroom.local", "password", PASSWORD));
      assertThat(login.status()).as(login + "\n" + server.output()).isEqualTo(200);
      Api.Answer app =
          api.withToken(login.text("access_token")).post("/applications", Map.of("name", "crash"));
      assertThat(app.status()).as(app.toString()).isEqualTo(201);
      String key = app.text("secret_key");
      queue = api.withKey(key).post("/queues", Map.of("name", "drop")).id();
      assertThat(api.withKey(key).post("/queues/" + queue + "/pause").status()).isEqualTo(200);

      acked = joinUntilKilled(api.withKey(key), queue, server);
    }
    assertThat(acked).hasSizeGreaterThanOrEqualTo(300);

    try (ChildServer restarted = ChildServer.start(workDir, env)) {
      Api api = new Api(restarted.awaitPort(Duration.ofSeconds(120)));
      List<Acked> bySeq = new ArrayList<>(acked);
      bySeq.sort(Comparator.comparingLong(Acked::seq));
      int previous = 0;
      for (Acked join : bySeq) {
        Api.Answer status = api.get("/queue_status?token=" + join.token());
        assertThat(status.status()).as("join %d after the crash", join.seq()).isEqualTo(200);
        assertThat(status.text("status")).isEqualTo("waiting");
        int position = status.json().get("position").asInt();
        assertThat(position).as("join %d keeps its order", join.seq()).isGreaterThan(previous);
        previous = position;
      }
      String rebuilt =
          restarted.output().lines().filter(l -> l.contains("rebuilt")).findFirst().orElse("");
      assertThat(rebuilt).contains("rebuilt");
      System.out.printf(
          "%d joins acknowledged before SIGKILL; after restart: %s%n", acked.size(), rebuilt);
    }
  }

  /** Joins from eight threads until at least 300 are acknowledged, then SIGKILLs the server. */
  private static List<Acked> joinUntilKilled(Api api, long queue, ChildServer server)
      throws InterruptedException {
    ConcurrentLinkedQueue<Acked> acked = new ConcurrentLinkedQueue<>();
    AtomicBoolean killed = new AtomicBoolean();
    AtomicInteger counter = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    for (int worker = 0; worker < 8; worker++) {
      pool.submit(
          () -> {
            while (!killed.get()) {
              try {
                Api.Answer answer =
                    api.post(
                        "/join",
                        Map.of("queue_id", queue, "visitor_id", "v" + counter.incrementAndGet()));
                if (answer.status() == 201) {
                  acked.add(new Acked(answer.text("token"), seqOf(answer.text("token"))));
                }
              } catch (RuntimeException connectionLost) {
                return;
              }
            }
          });
    }
    Instant deadline = Instant.now().plusSeconds(60);
    while (acked.size() < 300 && Instant.now().isBefore(deadline)) {
      Thread.sleep(10);
    }
    server.kill();
    killed.set(true);
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    return List.copyOf(acked);
  }

  /** The sequence number a queue token carries in clear before its MAC. */
  private static long seqOf(String token) {
    return ByteBuffer.wrap(Base64.getUrlDecoder().decode(token)).getLong(8);
  }

  private record Acked(String token, long seq) {}
}

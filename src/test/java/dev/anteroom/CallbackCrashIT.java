package dev.anteroom;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.anteroom.support.Api;
import dev.anteroom.support.ChildServer;
import dev.anteroom.support.RequiresPostgres;
import dev.anteroom.support.TestPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outbox across {@code kill -9}: a child JVM releases a line of visitors while it delivers
 * their callbacks to a receiver on loopback, is killed with SIGKILL in the middle, and restarts on
 * the same database. Every visitor must end up released with exactly one event (one webhook-id)
 * delivered at least once: no release lost its event, no event was made twice.
 */
class CallbackCrashIT {

  private static final String SECRET = "crash-test-secret-key-long-enough-for-production";
  private static final String PASSWORD = "crash-test-admin-password";
  private static final int VISITORS = 1_000;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void every_release_keeps_its_callback_across_sigkill_on_the_embedded_database(
      @TempDir Path workDir) throws Exception {
    crashAndDeliver(workDir, Map.of());
  }

  @Test
  @RequiresPostgres
  void every_release_keeps_its_callback_across_sigkill_on_postgresql(@TempDir Path workDir)
      throws Exception {
    crashAndDeliver(
        workDir, Map.of("DB_URL", TestPostgres.freshSchemaUrl(), "DB_USER", TestPostgres.USER));
  }

  private static void crashAndDeliver(Path workDir, Map<String, String> database) throws Exception {
    Map<String, String> env = new HashMap<>(database);
    env.put("SECRET_KEY", SECRET);
    env.put("ADMIN_PASSWORD", PASSWORD);
    env.put("PORT", "0");
    env.put("ANTEROOM_ALLOW_PRIVATE_CALLBACKS", "true");
    env.put("ANTEROOM_CALLBACKS_INITIAL_BACKOFF", "200ms");

    try (Receiver receiver = Receiver.start()) {
      List<String> tokens = new ArrayList<>();
      String key;
      int deliveredBeforeKill;
      try (ChildServer server = ChildServer.start(workDir, env)) {
        Api api = new Api(server.awaitPort(Duration.ofSeconds(120)));
        Api.Answer login =
            api.post("/auth/login", Map.of("email", "admin@anteroom.local", "password", PASSWORD));
        assertThat(login.status()).as(login + "\n" + server.output()).isEqualTo(200);
        Api.Answer app =
            api.withToken(login.text("access_token"))
                .post("/applications", Map.of("name", "crash", "callback_url", receiver.url()));
        assertThat(app.status()).as(app.toString()).isEqualTo(201);
        key = app.text("secret_key");
        Api tenant = api.withKey(key);
        long queue =
            tenant.post("/queues", Map.of("name", "drop", "release_rate_per_minute", 6_000)).id();
        assertThat(tenant.post("/queues/" + queue + "/pause").status()).isEqualTo(200);
        for (int i = 0; i < VISITORS; i++) {
          Api.Answer joined =
              tenant.post("/join", Map.of("queue_id", queue, "visitor_id", "v" + i));
          assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
          tokens.add(joined.text("token"));
        }
        assertThat(tenant.post("/queues/" + queue + "/resume").status()).isEqualTo(200);
        Instant deadline = Instant.now().plusSeconds(60);
        while (receiver.distinctEvents() < 150 && Instant.now().isBefore(deadline)) {
          Thread.sleep(5);
        }
        server.kill();
        deliveredBeforeKill = receiver.distinctEvents();
      }
      assertThat(deliveredBeforeKill)
          .as("deliveries before the kill")
          .isBetween(150, VISITORS - 100);

      try (ChildServer restarted = ChildServer.start(workDir, env)) {
        Api api = new Api(restarted.awaitPort(Duration.ofSeconds(120)));
        Instant deadline = Instant.now().plusSeconds(120);
        while (receiver.distinctTokens() < VISITORS && Instant.now().isBefore(deadline)) {
          Thread.sleep(50);
        }
        for (String token : tokens) {
          Api.Answer status = api.get("/queue_status?token=" + token);
          assertThat(status.text("status")).as(status.toString()).isEqualTo("released");
        }
        assertThat(receiver.distinctTokens()).as(restarted.output()).isEqualTo(VISITORS);
        assertThat(receiver.distinctEvents()).isEqualTo(VISITORS);
        assertThat(receiver.tokensWithSeveralEventIds()).isEmpty();
        assertThat(receiver.types()).containsExactly("visitor.released");
        assertThat(Set.copyOf(tokens)).isEqualTo(receiver.tokens());
        System.out.printf(
            "%d of %d callbacks delivered before SIGKILL; %d deliveries in all (%d repeats)%n",
            deliveredBeforeKill,
            VISITORS,
            receiver.deliveries.get(),
            receiver.deliveries.get() - VISITORS);
      }
    }
  }

  /** A tenant's endpoint on loopback: answers 204 and remembers each event id and its token. */
  private static final class Receiver implements AutoCloseable {
    final HttpServer server;
    final ExecutorService threads = Executors.newFixedThreadPool(4);
    final Map<String, String> tokenByEventId = new ConcurrentHashMap<>();
    final Map<String, String> typeByEventId = new ConcurrentHashMap<>();
    final AtomicInteger deliveries = new AtomicInteger();

    private Receiver(HttpServer server) {
      this.server = server;
    }

    static Receiver start() throws IOException {
      Receiver receiver =
          new Receiver(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64));
      receiver.server.createContext(
          "/hook",
          exchange -> {
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            JsonNode event =
                JSON.readTree(
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            receiver.tokenByEventId.put(id, event.get("data").get("token").asString());
            receiver.typeByEventId.put(id, event.get("type").asString());
            receiver.deliveries.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
          });
      receiver.server.setExecutor(receiver.threads);
      receiver.server.start();
      return receiver;
    }

    String url() {
      return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    int distinctEvents() {
      return tokenByEventId.size();
    }

    Set<String> tokens() {
      return new HashSet<>(tokenByEventId.values());
    }

    int distinctTokens() {
      return tokens().size();
    }

    Set<String> types() {
      return new HashSet<>(typeByEventId.values());
    }

    List<String> tokensWithSeveralEventIds() {
      Map<String, Integer> ids = new HashMap<>();
      tokenByEventId.values().forEach(token -> ids.merge(token, 1, Integer::sum));
      return ids.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    }

    @Override
    public void close() {
      server.stop(0);
      threads.shutdownNow();
    }
  }
}

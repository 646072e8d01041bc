package dev.anteroom.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipped monitoring files, proven: {@code promtool} accepts {@code deploy/prometheus}; the
 * Grafana dashboards are well formed; and a real Prometheus, started on a free loopback port with
 * its own data folder and the shipped configuration (only the target, the token file and the
 * intervals changed), scrapes this Anteroom with the bearer token, loads the alert rules without an
 * evaluation error, evaluates every expression of the dashboards and the alerts without error, and
 * finds data for the key ones after a short scenario. Without Prometheus installed the test fails
 * in CI ({@code CI=true}) and is skipped elsewhere.
 */
@OnH2
@TestPropertySource(properties = "anteroom.metrics.token=" + ShippedMonitoringTest.TOKEN)
class ShippedMonitoringTest extends ApiTestBase {

  static final String TOKEN = "shipped-monitoring-token-0123456789";

  private static final Path PROMETHEUS_DIR = Path.of("deploy/prometheus");
  private static final Path GRAFANA_DIR = Path.of("deploy/grafana");
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Duration WAIT = Duration.ofSeconds(60);

  /** Panels whose every expression must find data once the scenario ran. */
  private static final Set<String> KEY_PANELS =
      Set.of(
          "Waiting now",
          "Active passes",
          "Released per minute",
          "Joins per minute",
          "Queues",
          "Waiting by queue",
          "Released per minute by queue",
          "Waiting",
          "Releasing",
          "Released per minute against the configured rate",
          "Waiting and active",
          "Pending events",
          "Up",
          "Release engine lag",
          "Owns the lines",
          "Database up",
          "HTTP requests per second by status",
          "Database pool",
          "JVM heap",
          "CPU",
          "Threads");

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void promtool_accepts_the_shipped_configuration_and_rules() throws Exception {
    Path promtool = tool("promtool");
    assertRuns(
        promtool.toString(),
        "check",
        "config",
        "--syntax-only",
        PROMETHEUS_DIR.resolve("prometheus.yml").toString());
    assertRuns(
        promtool.toString(), "check", "rules", PROMETHEUS_DIR.resolve("alerts.yml").toString());
  }

  /** What the alert rules mean: each fires on synthetic series where it should, and only there. */
  @Test
  void the_alert_rules_fire_where_they_should_and_nowhere_else() throws Exception {
    assertRuns(
        tool("promtool").toString(),
        "test",
        "rules",
        PROMETHEUS_DIR.resolve("alerts_test.yml").toString());
  }

  /**
   * A queue's gauges come from the node that paces its application, which moves: at a hand-over two
   * nodes' series overlap for up to a scrape, so whatever sums them must take one per queue first.
   */
  private static final List<String> QUEUE_GAUGES =
      List.of(
          "queue_size",
          "queue_active_users",
          "queue_release_rate_per_minute",
          "queue_observed_release_rate_per_minute",
          "queue_releasing",
          "callback_pending");

  @Test
  void with_several_nodes_no_shipped_expression_sums_a_queue_gauge_over_the_nodes()
      throws Exception {
    Pattern summedOverNodes =
        Pattern.compile(
            "sum\\s*(by\\s*\\([^)]*\\)\\s*)?\\(\\s*(" + String.join("|", QUEUE_GAUGES) + ")\\b");
    List<String> summed = new ArrayList<>();
    for (Path file : dashboards()) {
      for (JsonNode panel : panels(JSON.readTree(Files.readString(file)))) {
        for (JsonNode target : panel.get("targets")) {
          String expr = target.get("expr").asString();
          if (summedOverNodes.matcher(expr).find()) {
            summed.add(file.getFileName() + " / " + panel.get("title").asString() + ": " + expr);
          }
        }
      }
    }
    for (Map<String, Object> rule : alertRules()) {
      if (summedOverNodes.matcher((String) rule.get("expr")).find()) {
        summed.add("alert " + rule.get("alert") + ": " + rule.get("expr"));
      }
    }
    assertThat(summed).as("take max by (application_id, queue_id) first").isEmpty();
  }

  @Test
  void the_dashboards_refer_to_the_provisioned_datasource_with_unique_panels_and_expressions()
      throws Exception {
    String datasource = provisionedDatasourceUid();
    List<Path> dashboards = dashboards();
    assertThat(dashboards).hasSizeGreaterThanOrEqualTo(4);
    Set<String> uids = new HashSet<>();
    for (Path file : dashboards) {
      JsonNode dashboard = JSON.readTree(Files.readString(file));
      String name = file.getFileName().toString();
      assertThat(uids.add(dashboard.get("uid").asString())).as(name + " uid").isTrue();
      assertThat(dashboard.get("title").asString()).as(name).isNotBlank();
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : panels(dashboard)) {
        String where = name + " / " + panel.get("title").asString();
        assertThat(ids.add(panel.get("id").asInt())).as(where + ": unique id").isTrue();
        assertThat(panel.get("datasource").get("uid").asString()).as(where).isEqualTo(datasource);
        assertThat(panel.get("gridPos").get("w").asInt()).as(where).isBetween(1, 24);
        assertThat(panel.get("targets").size()).as(where + ": targets").isPositive();
        Set<String> refIds = new HashSet<>();
        for (JsonNode target : panel.get("targets")) {
          assertThat(target.get("expr").asString()).as(where + ": expr").isNotBlank();
          assertThat(refIds.add(target.get("refId").asString())).as(where + ": refId").isTrue();
          if (target.has("datasource")) {
            assertThat(target.get("datasource").get("uid").asString()).isEqualTo(datasource);
          }
        }
      }
      for (JsonNode variable : dashboard.get("templating").get("list")) {
        assertThat(variable.get("datasource").get("uid").asString()).isEqualTo(datasource);
        assertThat(variable.get("query").get("query").asString()).startsWith("label_values(");
      }
    }
    Map<String, Object> provider =
        first(yaml(GRAFANA_DIR.resolve("provisioning/dashboards/anteroom.yml")), "providers");
    assertThat(provider.get("type")).isEqualTo("file");
    assertThat(((Map<?, ?>) provider.get("options")).get("path")).isNotNull();
  }

  @Test
  void a_real_prometheus_scrapes_anteroom_and_evaluates_every_shipped_expression(@TempDir Path work)
      throws Exception {
    Path prometheus = tool("prometheus");
    Path promtool = tool("promtool");
    Path config = derivedConfiguration(work);
    assertRuns(promtool.toString(), "check", "config", config.toString());

    Tenant tenant = newTenant();
    long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
    for (int i = 0; i < 40; i++) {
      assertThat(
              api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue)).status())
          .isEqualTo(201);
    }
    engine.releaseDue();

    int port = freePort();
    Process server =
        new ProcessBuilder(
                prometheus.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--log.level=warn")
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    // Should this JVM be stopped before the finally below runs, Prometheus goes with it.
    Thread killer = new Thread(server::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(killer);
    try {
      String base = "http://127.0.0.1:" + port;
      awaitTrue("Prometheus ready", () -> statusOf(base + "/-/ready") == 200, work);
      String instance = "127.0.0.1:" + this.port;
      // Each poll moves the line one second, so counters move between scrapes.
      awaitTrue(
          "three scrapes of the queue",
          () -> {
            step(Duration.ofSeconds(1));
            return !result(
                    base,
                    "count_over_time(queue_users_released_total{queue_id=\""
                        + queue
                        + "\"}[1m]) >= 3")
                .isEmpty();
          },
          work);
      assertThat(result(base, "up{job=\"anteroom\"}").get(0).get("value").get(1).asString())
          .as("scraped with the bearer token")
          .isEqualTo("1");
      assertThat(
              result(base, "sum(rate(queue_users_released_total{queue_id=\"" + queue + "\"}[1m]))"))
          .isNotEmpty();

      Map<String, String> variables = new LinkedHashMap<>();
      variables.put("$__rate_interval", "1m");
      variables.put("$__interval", "15s");
      variables.put("$__range", "5m");
      variables.put("$application_id", Long.toString(tenant.id()));
      variables.put("$queue_id", Long.toString(queue));
      variables.put("$instance", instance);

      List<String> failures = new ArrayList<>();
      for (Path file : dashboards()) {
        JsonNode dashboard = JSON.readTree(Files.readString(file));
        for (JsonNode panel : panels(dashboard)) {
          String title = panel.get("title").asString();
          for (JsonNode target : panel.get("targets")) {
            String expr = substitute(target.get("expr").asString(), variables);
            JsonNode answer = query(base, expr);
            if (!"success".equals(answer.path("status").asString(""))) {
              failures.add(file.getFileName() + " / " + title + ": " + expr + " -> " + answer);
            } else if (KEY_PANELS.contains(title) && answer.get("data").get("result").isEmpty()) {
              failures.add(file.getFileName() + " / " + title + ": no data for " + expr);
            }
          }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
          String values =
              labelValues(
                  base, substitute(variable.get("query").get("query").asString(), variables));
          if (!values.startsWith("[\"")) {
            failures.add(file.getFileName() + " variable " + variable.get("name") + ": " + values);
          }
        }
      }
      for (Map<String, Object> rule : alertRules()) {
        JsonNode answer = query(base, (String) rule.get("expr"));
        if (!"success".equals(answer.path("status").asString(""))) {
          failures.add("alert " + rule.get("alert") + " -> " + answer);
        }
      }
      assertThat(failures).isEmpty();

      awaitTrue("every alert rule evaluated", () -> rulesHealthy(base, alertRules().size()), work);
    } finally {
      server.destroy();
      Runtime.getRuntime().removeShutdownHook(killer);
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  // ---- the shipped files --------------------------------------------------------------------

  /**
   * The shipped prometheus.yml in {@code work}, scraping this server every second with the token
   * from a file beside it, and the shipped alerts.yml beside it.
   */
  private Path derivedConfiguration(Path work) throws IOException {
    String shipped = Files.readString(PROMETHEUS_DIR.resolve("prometheus.yml"));
    String derived =
        replaceOnce(
            replaceOnce(
                replaceOnce(shipped, "- anteroom:8000", "- 127.0.0.1:" + port),
                "scrape_interval: 15s",
                "scrape_interval: 1s"),
            "evaluation_interval: 15s",
            "evaluation_interval: 1s");
    Map<String, Object> scrape = first(yamlText(derived), "scrape_configs");
    String tokenFile = (String) ((Map<?, ?>) scrape.get("authorization")).get("credentials_file");
    Files.writeString(work.resolve(tokenFile), TOKEN);
    Files.copy(PROMETHEUS_DIR.resolve("alerts.yml"), work.resolve("alerts.yml"));
    Path config = work.resolve("prometheus.yml");
    Files.writeString(config, derived);
    return config;
  }

  private static String replaceOnce(String text, String from, String to) {
    assertThat(text).as("the shipped prometheus.yml has " + from).containsOnlyOnce(from);
    return text.replace(from, to);
  }

  private static List<Path> dashboards() throws IOException {
    try (Stream<Path> files = Files.list(GRAFANA_DIR.resolve("dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  /** Every panel, those inside collapsed rows included. */
  private static List<JsonNode> panels(JsonNode dashboard) {
    List<JsonNode> all = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      if ("row".equals(panel.path("type").asString(""))) {
        panel.path("panels").forEach(all::add);
      } else {
        all.add(panel);
      }
    }
    return all;
  }

  private static String provisionedDatasourceUid() throws IOException {
    Map<String, Object> datasource =
        first(yaml(GRAFANA_DIR.resolve("provisioning/datasources/prometheus.yml")), "datasources");
    assertThat(datasource.get("type")).isEqualTo("prometheus");
    return (String) datasource.get("uid");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> alertRules() {
    try {
      List<Map<String, Object>> rules = new ArrayList<>();
      for (Map<String, Object> group :
          (List<Map<String, Object>>) yaml(PROMETHEUS_DIR.resolve("alerts.yml")).get("groups")) {
        rules.addAll((List<Map<String, Object>>) group.get("rules"));
      }
      return rules;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return yamlText(Files.readString(file));
  }

  private static Map<String, Object> yamlText(String text) {
    return new Yaml().load(text);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> first(Map<String, Object> document, String list) {
    return ((List<Map<String, Object>>) document.get(list)).get(0);
  }

  private static String substitute(String expr, Map<String, String> variables) {
    String result = expr;
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      result = result.replace(variable.getKey(), variable.getValue());
    }
    assertThat(result).as("every variable of " + expr + " is known").doesNotContain("$");
    return result;
  }

  // ---- Prometheus's HTTP API -------------------------------------------------------------------

  private JsonNode query(String base, String expr) {
    return JSON.readTree(get(base + "/api/v1/query?query=" + encode(expr)).body());
  }

  private JsonNode result(String base, String expr) {
    JsonNode answer = query(base, expr);
    assertThat(answer.path("status").asString("")).as(expr + " -> " + answer).isEqualTo("success");
    return answer.get("data").get("result");
  }

  /** Grafana's {@code label_values(selector, label)}, asked of Prometheus's label API. */
  private String labelValues(String base, String variableQuery) {
    String inner = variableQuery.substring("label_values(".length(), variableQuery.length() - 1);
    int comma = inner.lastIndexOf(',');
    String selector = inner.substring(0, comma).strip();
    String label = inner.substring(comma + 1).strip();
    JsonNode answer =
        JSON.readTree(
            get(base + "/api/v1/label/" + label + "/values?match[]=" + encode(selector)).body());
    return answer.path("data").toString();
  }

  private boolean rulesHealthy(String base, int expected) {
    JsonNode groups = JSON.readTree(get(base + "/api/v1/rules").body()).get("data").get("groups");
    int evaluated = 0;
    for (JsonNode group : groups) {
      for (JsonNode rule : group.get("rules")) {
        assertThat(rule.path("lastError").asString("")).as("rule " + rule.get("name")).isEmpty();
        if ("ok".equals(rule.path("health").asString(""))) {
          evaluated++;
        }
      }
    }
    return evaluated == expected;
  }

  private int statusOf(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> get(String url) {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  // ---- processes --------------------------------------------------------------------------------

  /** Polls every 200 ms until the condition holds, for at most {@link #WAIT}. */
  private static void awaitTrue(String what, BooleanSupplier condition, Path work)
      throws Exception {
    Instant deadline = Instant.now().plus(WAIT);
    while (Instant.now().isBefore(deadline)) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(200);
    }
    Path log = work.resolve("prometheus.log");
    fail(
        what
            + " did not happen in "
            + WAIT
            + "; Prometheus said:\n"
            + (Files.exists(log) ? Files.readString(log) : "(nothing)"));
  }

  /**
   * The installed tool; in CI its absence is a failure ({@code .ci/run} installs the Debian
   * package), elsewhere a skip that says what to install.
   */
  private static Path tool(String name) {
    List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin", name)));
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        candidates.add(Path.of(dir, name));
      }
    }
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        name + " is not installed: apt-get install prometheus (Debian) to run this test";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(message);
    }
    Assumptions.abort(message);
    return null;
  }

  private static void assertRuns(String... command) throws Exception {
    Path log = Files.createTempFile("promtool-", ".log");
    try {
      // Output to a file, so that the wait below bounds a tool that hangs.
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      boolean ended = process.waitFor(60, TimeUnit.SECONDS);
      if (!ended) {
        process.destroyForcibly();
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(ended).as(String.join(" ", command) + " ended within 60 s\n" + output).isTrue();
      assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

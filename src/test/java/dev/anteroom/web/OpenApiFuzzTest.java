package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import dev.anteroom.support.RawHttp;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Reads the published OpenAPI document and sends every operation in it a bounded, seeded set of
 * hostile requests, each with credentials of the kind the operation takes so that it gets past
 * authentication: malformed JSON, wrong types, huge and negative numbers, long and odd strings
 * (NUL, right-to-left overrides, emoji, lone surrogates, 10,000 characters), broken
 * percent-encodings in paths and query values, and wrong content types. Whatever the input, the
 * answer is never a 5xx, and every 4xx is {@code application/problem+json} with its status, a
 * detail and a code (or, where the document declares it, an HTML page for people).
 *
 * <p>It runs on H2 and PostgreSQL, in contexts of its own with the sign-in throttle opened wide, so
 * that its failed sign-ins neither lock out the other tests' admin nor stop its own requests at the
 * throttle.
 */
class OpenApiFuzzTest {

  /**
   * On an H2 database of its own: the probes rotate the signing keys and create admins, which the
   * other test classes, sharing {@link OnH2}'s database from other contexts, would see.
   */
  @Nested
  @TestPropertySource(
      properties = "anteroom.database.url=jdbc:h2:mem:anteroom-fuzz;DB_CLOSE_DELAY=-1")
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  @TestPropertySource(
      properties = {
        "anteroom.login.email-attempts=1000000",
        "anteroom.login.address-attempts=1000000"
      })
  abstract static class Contract extends ApiTestBase {

    private static final long SEED = 7_2026_11_29L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final List<String> MALFORMED_JSON =
        List.of(
            "{",
            "{\"a\":",
            "[",
            "nul",
            "{\"a\":1}}",
            "{'a':1}",
            "{\"a\":1,}",
            "{\"a\":\"\u0000\"}",
            "\u0000",
            "{\"a\":\"\\uZZZZ\"}",
            "{\"a\":1e99999999}",
            "{\"a\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}",
            "\"just a string\"",
            "[1,2,3]",
            "12",
            "",
            "{\"a\":1,\"a\":2}",
            "{} {}");

    private static final List<String> WRONG_TYPES =
        List.of("\"text\"", "true", "[]", "{}", "null", "1", "1.5", "\"1\"", "[1]", "{\"a\":1}");

    private static final List<String> NUMBERS =
        List.of(
            "-1",
            "0",
            "-0",
            "1e309",
            "-1e309",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999",
            "1E2",
            "0.0000001",
            "NaN");

    private static final List<String> STRINGS =
        List.of(
            "\"\\u0000\"",
            "\"a\\u0000b\"",
            "\"\\u202Eevil\\u202C\"",
            "\"" + "\uD83D\uDE00".repeat(100) + "\"",
            "\"" + "x".repeat(10_000) + "\"",
            "\"\\ud800\"",
            "\"\\udfff\\ud800\"",
            "\"%zz\"",
            "\"\\\\\"",
            "\"\u0661\u0662\u0663\"",
            "\"\uFF11\uFF12\uFF13\"",
            "\"   \"",
            "\"\"",
            "\"<script>alert(1)</script>\"",
            "\"\\r\\nX-Injected: 1\"");

    private static final List<String> PATH_VALUES =
        List.of(
            "abc",
            "-1",
            "0",
            "1.5",
            "99999999999999999999",
            "9223372036854775807",
            "%zz",
            "%",
            "%00",
            "%E2%80%AE1",
            "%F0%9F%98%80",
            "%C0%AF",
            "%EF%BC%91");

    private static final List<String> QUERY_VALUES =
        List.of(
            "%zz",
            "%",
            "%0",
            "%00",
            "-1",
            "0",
            "abc",
            "",
            "1.5",
            "99999999999999999999",
            "%E2%80%AE",
            "%F0%9F%98%80",
            "%C3%28",
            "%EF%BC%91%EF%BC%92",
            "9".repeat(10_000));

    private static final List<String> CONTENT_TYPES =
        List.of(
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/json; charset=ISO-8859-1",
            "application/json; charset=nonsense",
            "application/jsonx",
            "///",
            "");

    @Test
    void no_request_built_from_the_document_gets_a_5xx_or_an_error_that_is_not_a_problem() {
      JsonNode document = api().get("/docs/openapi.json").json();
      Fixture fixture = fixture();
      Random random = new Random(SEED);
      List<String> failures = new ArrayList<>();
      int sent = 0;
      Map<String, JsonNode> paths = new TreeMap<>();
      document.get("paths").properties().forEach(e -> paths.put(e.getKey(), e.getValue()));
      for (Map.Entry<String, JsonNode> path : paths.entrySet()) {
        Map<String, JsonNode> operations = new TreeMap<>();
        path.getValue().properties().forEach(e -> operations.put(e.getKey(), e.getValue()));
        for (Map.Entry<String, JsonNode> operation : operations.entrySet()) {
          Target target =
              new Target(
                  document,
                  path.getKey(),
                  operation.getKey().toUpperCase(java.util.Locale.ROOT),
                  operation.getValue(),
                  fixture);
          for (Probe probe : target.probes(random)) {
            RawHttp.Answer reply =
                new RawHttp(port).send(target.method, probe.target, probe.headers, probe.body);
            sent++;
            String fault = fault(reply, target.operation);
            if (fault != null) {
              failures.add(
                  target.method + " " + shorten(probe.target) + " [" + probe.what + "]: " + fault);
            }
          }
        }
      }
      assertThat(sent).as("requests sent").isBetween(200, 1_000);
      assertThat(failures).as("faults among " + sent + " requests").isEmpty();
    }

    /**
     * Why the answer breaks the rules, or null. An operation that serves people (the hosted waiting
     * page) declares its errors as text/html: those may be an HTML page, which must then be a whole
     * page that shows nothing of the failure's insides.
     */
    private static String fault(RawHttp.Answer reply, JsonNode operation) {
      if (reply.status() >= 500) {
        return "a " + reply.status() + ": " + reply;
      }
      if (reply.status() < 400) {
        return null;
      }
      String type = reply.header("Content-Type");
      if (type != null
          && type.startsWith("text/html")
          && operation.at("/responses/" + reply.status() + "/content").has("text/html")) {
        return reply.body().startsWith("<!doctype html>")
                && reply.body().endsWith("</html>\n")
                && !reply.body().contains("Exception")
                && !reply.body().contains("at dev.anteroom")
            ? null
            : "an HTML error that is not a plain page: " + reply;
      }
      if (type == null || !type.startsWith("application/problem+json")) {
        return "an error that is not a problem: " + reply;
      }
      JsonNode problem;
      try {
        problem = JSON.readTree(reply.body());
      } catch (RuntimeException e) {
        return "a problem that is not JSON: " + reply;
      }
      if (problem.path("status").asInt() != reply.status()) {
        return "a problem whose status is not the answer's: " + reply;
      }
      if (problem.path("detail").asString("").isBlank()
          || problem.path("code").asString("").isBlank()) {
        return "a problem without a detail or a code: " + reply;
      }
      return null;
    }

    private Fixture fixture() {
      Tenant tenant = newTenant();
      long queue = newQueue(tenant, Map.of("release_rate_per_minute", 60));
      String token =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue)).text("token");
      String admin = login(ADMIN_EMAIL, ADMIN_PASSWORD);
      return new Fixture(tenant, queue, token, admin);
    }

    private record Fixture(Tenant tenant, long queue, String visitorToken, String adminToken) {}

    /** One request to send, and what it tries. */
    private record Probe(String what, String target, Map<String, String> headers, byte[] body) {}

    /** An operation of the document, with a well-formed request to it and ways to spoil it. */
    private final class Target {
      final JsonNode document;
      final String path;
      final String method;
      final JsonNode operation;
      final Fixture fixture;
      final JsonNode bodySchema;

      Target(JsonNode document, String path, String method, JsonNode operation, Fixture fixture) {
        this.document = document;
        this.path = path;
        this.method = method;
        this.operation = operation;
        this.fixture = fixture;
        JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
        this.bodySchema = schema.isMissingNode() ? null : resolve(schema);
      }

      /**
       * Deleting, or issuing new keys, with the fixture's own ids would pull the ground from under
       * the later probes, so those operations only ever see ids that name nothing.
       */
      boolean destructive() {
        return method.equals("DELETE") || path.endsWith("/rotate_keys");
      }

      List<Probe> probes(Random random) {
        List<Probe> probes = new ArrayList<>();
        String body = bodySchema == null ? null : validBody().toString();
        String query = validQuery(Map.of());
        if (path.contains("{")) {
          for (String value : pick(random, PATH_VALUES, 4, "%zz")) {
            probes.add(probe("path " + value, pathWith(value) + query, body, "application/json"));
          }
        }
        if (!destructive()) {
          for (JsonNode parameter : parameters("query")) {
            String name = parameter.get("name").asString();
            for (String value : pick(random, QUERY_VALUES, 3, "%zz")) {
              probes.add(
                  probe(
                      "query " + name + "=" + shorten(value),
                      pathWith(null) + validQuery(Map.of(name, value)),
                      body,
                      "application/json"));
            }
          }
          probes.add(
              probe(
                  "an unknown parameter, badly encoded",
                  pathWith(null) + query + (query.isEmpty() ? "?" : "&") + "%zz=%zz",
                  body,
                  "application/json"));
        }
        if (bodySchema != null && !destructive()) {
          bodyProbes(random, probes, query);
        } else if (!method.equals("GET")) {
          probes.add(
              probe("an unexpected body", pathWith(null) + query, "{\"x\":\u0000}", "text/plain"));
        }
        return probes;
      }

      private void bodyProbes(Random random, List<Probe> probes, String query) {
        String target = pathWith(null) + query;
        for (String malformed : pick(random, MALFORMED_JSON, 4, "{")) {
          probes.add(
              probe("malformed " + shorten(malformed), target, malformed, "application/json"));
        }
        probes.add(
            probe("raw bytes", target, "{\"a\":\"\u0000\uFFFF\"}", "application/json; charset=x"));
        probes.add(probe("no body", target, null, "application/json"));
        for (String type : pick(random, CONTENT_TYPES, 2, "text/plain")) {
          probes.add(probe("content type " + type, target, validBody().toString(), type));
        }
        List<String> names = new ArrayList<>();
        bodySchema.path("properties").properties().forEach(e -> names.add(e.getKey()));
        for (int i = 0; i < 4 && !names.isEmpty(); i++) {
          String name = names.get(random.nextInt(names.size()));
          String type = resolve(bodySchema.get("properties").get(name)).path("type").asString("");
          List<String> values =
              switch (type) {
                case "integer", "number" -> random.nextBoolean() ? NUMBERS : WRONG_TYPES;
                case "string" -> random.nextBoolean() ? STRINGS : WRONG_TYPES;
                default -> WRONG_TYPES;
              };
          String value = values.get(random.nextInt(values.size()));
          ObjectNode spoiled = validBody();
          spoiled.putRawValue(name, new RawValue(value));
          probes.add(
              probe(name + "=" + shorten(value), target, spoiled.toString(), "application/json"));
        }
      }

      private Probe probe(String what, String target, String body, String contentType) {
        Map<String, String> headers = new LinkedHashMap<>(credentials());
        if (body != null && !contentType.isEmpty()) {
          headers.put("Content-Type", contentType);
        }
        return new Probe(
            what, target, headers, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
      }

      private Map<String, String> credentials() {
        JsonNode security =
            operation.has("security") ? operation.get("security") : document.get("security");
        boolean apiKey = false;
        boolean admin = false;
        for (JsonNode requirement : security) {
          apiKey |= requirement.has("apiKey");
          admin |= requirement.has("admin");
        }
        if (apiKey) {
          return Map.of("X-API-Key", fixture.tenant().secretKey());
        }
        if (admin) {
          return Map.of("Authorization", "Bearer " + fixture.adminToken());
        }
        return Map.of();
      }

      /** The path with its parameter: the given value, or an id of the fixture. */
      private String pathWith(String value) {
        if (!path.contains("{")) {
          return path;
        }
        String id;
        if (value != null) {
          id = value;
        } else if (destructive() || path.startsWith("/admins")) {
          id = "987654321";
        } else if (path.startsWith("/queues")) {
          id = Long.toString(fixture.queue());
        } else {
          id = Long.toString(fixture.tenant().id());
        }
        return path.replaceAll("\\{[^}]+}", id);
      }

      private String validQuery(Map<String, String> overrides) {
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : parameters("query")) {
          String name = parameter.get("name").asString();
          String value = overrides.get(name);
          if (value == null) {
            if (!parameter.path("required").asBoolean()) {
              continue;
            }
            // A stream with a real token stays open; the poll may use it.
            value = path.equals("/queue_status") ? fixture.visitorToken() : "unknown";
          }
          query.append(query.isEmpty() ? '?' : '&').append(name).append('=').append(value);
        }
        return query.toString();
      }

      private List<JsonNode> parameters(String in) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
          if (in.equals(parameter.path("in").asString())) {
            found.add(parameter);
          }
        }
        return found;
      }

      /** A body that the document accepts, with the fixture's ids where ids belong. */
      private ObjectNode validBody() {
        ObjectNode body = JSON.createObjectNode();
        int hours = 1;
        Iterator<Map.Entry<String, JsonNode>> properties =
            bodySchema.path("properties").properties().iterator();
        while (properties.hasNext()) {
          Map.Entry<String, JsonNode> property = properties.next();
          String name = property.getKey();
          JsonNode schema = resolve(property.getValue());
          switch (schema.path("type").asString("")) {
            case "integer" -> body.put(name, integer(name, schema));
            case "number" -> body.put(name, 0.5);
            case "boolean" -> body.put(name, false);
            case "array" -> body.putArray(name);
            case "object" -> body.putObject(name);
            default -> {
              if ("date-time".equals(schema.path("format").asString(""))) {
                body.put(name, clock.instant().plus(Duration.ofHours(hours++)).toString());
              } else {
                body.put(name, text(name, schema));
              }
            }
          }
        }
        return body;
      }

      private long integer(String name, JsonNode schema) {
        return switch (name) {
          case "queue_id" -> fixture.queue();
          case "application_id" -> fixture.tenant().id();
          case "visitor_expires_at" -> clock.instant().getEpochSecond() + 60;
          default -> schema.has("minimum") ? schema.get("minimum").asLong() : 1;
        };
      }

      private String text(String name, JsonNode schema) {
        if (schema.has("enum")) {
          return schema.get("enum").get(0).asString();
        }
        if (name.endsWith("url")) {
          return "https://shop.example/fuzz";
        }
        return switch (name) {
          case "email" -> "fuzz-" + System.nanoTime() + "@anteroom.test";
          case "password" -> "fuzz-password-1234";
          case "role" -> "SUPER_ADMIN";
          case "token" -> fixture.visitorToken();
          default -> "fuzz-" + System.nanoTime();
        };
      }

      private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : document.at(ref.asString().substring(1));
      }
    }

    private static List<String> pick(Random random, List<String> from, int count, String always) {
      List<String> picked = new ArrayList<>(List.of(always));
      while (picked.size() < count) {
        picked.add(from.get(random.nextInt(from.size())));
      }
      return picked;
    }

    private static String shorten(String text) {
      return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
  }
}

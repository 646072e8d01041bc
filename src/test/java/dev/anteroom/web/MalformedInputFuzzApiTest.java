package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import dev.anteroom.support.OnPostgres;
import dev.anteroom.support.RawHttp;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A bounded, seeded fuzz of every endpoint with each kind of malformed input that once answered 5xx
 * or was quietly accepted: bad percent-encoding in query strings, paths Tomcat refuses, ids spelled
 * with other digits, bodies in another charset, control characters and broken Unicode in text,
 * numbers for timestamps, digits in strings for numbers. Every answer must be a 4xx problem
 * document with a detail and a code. A few hundred requests; set {@code -Danteroom.fuzz.seed} to
 * vary them.
 */
class MalformedInputFuzzApiTest {

  static final long SEED = Long.getLong("anteroom.fuzz.seed", 2054L);

  @Nested
  @OnH2
  class OnH2Database extends Contract {}

  @Nested
  @OnPostgres
  class OnPostgresDatabase extends Contract {}

  abstract static class Contract extends ApiTestBase {

    /**
     * One endpoint: its path template ({@code {id}} marks an id), a concrete target with a real id,
     * credentials, its query parameters, and a valid body with the kinds of fields it holds.
     */
    record Endpoint(
        String method,
        String template,
        String target,
        Map<String, String> headers,
        List<String> parameters,
        String body,
        List<String> textFields,
        List<String> numberFields,
        List<String> timeFields) {

      static Endpoint at(
          String method, String template, String target, Map<String, String> headers) {
        return new Endpoint(
            method, template, target, headers, List.of(), null, List.of(), List.of(), List.of());
      }

      static Endpoint at(String method, String path, Map<String, String> headers) {
        return at(method, path, path, headers);
      }

      Endpoint parameters(String... names) {
        return new Endpoint(
            method,
            template,
            target,
            headers,
            List.of(names),
            body,
            textFields,
            numberFields,
            timeFields);
      }

      Endpoint body(String json, List<String> text, List<String> numbers, List<String> times) {
        return new Endpoint(
            method, template, target, headers, parameters, json, text, numbers, times);
      }

      boolean hasId() {
        return template.contains("{id}");
      }
    }

    private final Random random = new Random(SEED);
    private final List<String> failures = new ArrayList<>();
    private String token;
    private int requests;

    @Test
    void every_endpoint_answers_malformed_input_with_a_4xx_problem() {
      for (Endpoint endpoint : endpoints()) {
        malformedQueries(endpoint);
        if (endpoint.hasId()) {
          malformedIds(endpoint);
        }
        if (endpoint.body() != null) {
          foreignCharsets(endpoint);
          brokenText(endpoint);
          numbersForTimes(endpoint);
          digitsInStrings(endpoint);
          invalidUtf8(endpoint);
        }
      }
      assertThat(failures)
          .as(
              "seed %d, %d requests: %d answers broke the contract",
              SEED, requests, failures.size())
          .isEmpty();
      assertThat(requests).isBetween(200, 600);
    }

    private List<Endpoint> endpoints() {
      Tenant tenant = newTenant();
      Tenant victim = newTenant();
      long queue = newQueue(tenant, Map.of());
      long victimQueue = newQueue(victim, Map.of());
      token =
          api().withKey(tenant.secretKey()).post("/join", Map.of("queue_id", queue)).text("token");
      long victimAdmin =
          superAdmin()
              .post(
                  "/admins",
                  Map.of(
                      "email", unique("victim") + "@shop.example",
                      "password", "a-long-enough-password",
                      "role", "SUPER_ADMIN"))
              .id();
      Map<String, String> root =
          Map.of("Authorization", "Bearer " + login(ADMIN_EMAIL, ADMIN_PASSWORD));
      Map<String, String> sk = Map.of("X-API-Key", tenant.secretKey());
      Map<String, String> victimSk = Map.of("X-API-Key", victim.secretKey());
      Map<String, String> none = Map.of();
      List<String> no = List.of();
      List<String> queueText = List.of("name", "callback_url", "redirect_url", "queue_method");
      List<String> queueNumbers =
          List.of(
              "release_rate_per_minute",
              "max_active_users",
              "priority",
              "access_ttl_seconds",
              "idle_timeout_seconds",
              "max_size");
      List<String> times = List.of("opens_at", "closes_at");
      String app = "/applications/" + tenant.id();
      String victimApp = "/applications/" + victim.id();
      String q = "/queues/" + queue;
      String victimQ = "/queues/" + victimQueue;
      // Destructive endpoints get another tenant's ids, so that a malformed request that slipped
      // through would not spoil the rest of the run.
      return List.of(
          Endpoint.at("POST", "/applications", root)
              .body(
                  "{\"name\":\"" + unique("app") + "\"}",
                  List.of("name", "description", "callback_url"),
                  List.of("max_release_rate_per_minute"),
                  no),
          Endpoint.at("GET", "/applications", root).parameters("page", "size"),
          Endpoint.at("GET", "/applications/{id}", app, root),
          Endpoint.at("PUT", "/applications/{id}", app, root)
              .body(
                  "{\"description\":\"d\"}",
                  List.of("name", "description"),
                  List.of("max_release_rate_per_minute"),
                  no),
          Endpoint.at("DELETE", "/applications/{id}", victimApp, root),
          Endpoint.at("POST", "/applications/{id}/rotate_keys", victimApp + "/rotate_keys", root),
          Endpoint.at("POST", "/queues", sk)
              .body("{\"name\":\"" + unique("q") + "\"}", queueText, queueNumbers, times),
          Endpoint.at("GET", "/queues", root).parameters("page", "size", "application_id"),
          Endpoint.at("GET", "/queues/{id}", q, sk),
          Endpoint.at("PUT", "/queues/{id}", q, sk)
              .body("{\"release_rate_per_minute\":60}", queueText, queueNumbers, times),
          Endpoint.at("DELETE", "/queues/{id}", victimQ, victimSk),
          Endpoint.at("POST", "/queues/{id}/pause", victimQ + "/pause", victimSk),
          Endpoint.at("POST", "/queues/{id}/resume", victimQ + "/resume", victimSk),
          Endpoint.at("POST", "/queues/{id}/simulate", q + "/simulate", sk)
              .body(
                  "{\"arrivals_per_minute\":10,\"minutes\":1}",
                  no,
                  List.of("arrivals_per_minute", "minutes", "abandon_rate"),
                  no),
          Endpoint.at("POST", "/admins", root)
              .body(
                  "{\"email\":\""
                      + unique("ops")
                      + "@shop.example\",\"password\":\"a-long-enough-password\","
                      + "\"role\":\"SUPER_ADMIN\"}",
                  List.of("email", "password", "role"),
                  no,
                  no),
          Endpoint.at("GET", "/admins", root).parameters("page", "size"),
          Endpoint.at("DELETE", "/admins/{id}", "/admins/" + victimAdmin, root),
          Endpoint.at("POST", "/auth/login", none)
              .body(
                  "{\"email\":\"" + ADMIN_EMAIL + "\",\"password\":\"" + ADMIN_PASSWORD + "\"}",
                  List.of("email"),
                  no,
                  no),
          Endpoint.at("POST", "/join", sk)
              .body(
                  "{\"queue_id\":" + queue + ",\"visitor_id\":\"v\"}",
                  List.of("visitor_id"),
                  List.of("queue_id", "priority"),
                  no),
          Endpoint.at("GET", "/queue_status", none).parameters("token"),
          Endpoint.at("GET", "/queue_status/stream", none).parameters("token"),
          Endpoint.at("POST", "/cancel", none)
              .body("{\"token\":\"" + token + "\"}", List.of("token"), no, no),
          // A token that is no pass is an answer of /verify ({"valid":false,"reason":...}), not
          // an error, so its text is not spoiled here; its query and body bytes still are.
          Endpoint.at("POST", "/verify", sk).body("{\"access_token\":\"a.b.c\"}", no, no, no),
          Endpoint.at("POST", "/complete", sk)
              .body("{\"access_token\":\"a.b.c\"}", List.of("access_token"), no, no),
          Endpoint.at("GET", "/.well-known/jwks.json", none),
          Endpoint.at("POST", "/signing_keys/rotate", root),
          Endpoint.at("GET", "/health", none),
          Endpoint.at("GET", "/metrics", none),
          Endpoint.at("GET", "/docs/openapi.json", none),
          Endpoint.at("GET", "/docs", none));
    }

    // ---- the kinds of malformed input ----

    private static final List<String> BAD_ESCAPES =
        List.of(
            "%",
            "%z",
            "%zz",
            "%g0",
            "%0",
            "%ff",
            "%fe%ff",
            "%c0%af",
            "%e2%82",
            "%ed%a0%80",
            "%f8%88%80%80%80",
            "%00",
            "%1f",
            "%7f",
            "%c2%85");

    /** Bad escapes in a value (or, now and then, a name) of a real or made-up parameter. */
    private void malformedQueries(Endpoint endpoint) {
      List<String> names = new ArrayList<>(endpoint.parameters());
      names.add("x");
      for (int i = 0; i < 5; i++) {
        String name = names.get(random.nextInt(names.size()));
        String fault = BAD_ESCAPES.get(random.nextInt(BAD_ESCAPES.size()));
        String value = validValue(name);
        String spoiled =
            switch (random.nextInt(3)) {
              case 0 -> fault + value;
              case 1 -> value + fault;
              default ->
                  value.substring(0, value.length() / 2)
                      + fault
                      + value.substring(value.length() / 2);
            };
        boolean inName = random.nextInt(6) == 0;
        String query = inName ? name + fault + "=" + value : name + "=" + spoiled;
        if (random.nextBoolean() && !endpoint.parameters().isEmpty()) {
          String first = endpoint.parameters().getFirst();
          if (!first.equals(name)) {
            query = first + "=" + validValue(first) + "&" + query;
          }
        }
        RawHttp.Answer answer =
            send(endpoint.method(), endpoint.target() + "?" + query, endpoint.headers(), null);
        expect(answer, 400, inName ? null : name, endpoint, "query " + query);
      }
    }

    private static final List<String> BAD_IDS =
        List.of(
            "%00",
            "%zz",
            "%",
            "..%2f..",
            "%5c",
            "%2e%2e",
            "%ff",
            "0x1F",
            "%231F",
            "%201",
            "1%20",
            "%2B1",
            "99999999999999999999",
            "%EF%BC%91%EF%BC%92",
            "%D9%A1%D9%A2",
            "%F0%9D%9F%8F",
            "{1}",
            "1|2",
            "%E2%80%AE1");

    private void malformedIds(Endpoint endpoint) {
      for (int i = 0; i < 6; i++) {
        String id = BAD_IDS.get(random.nextInt(BAD_IDS.size()));
        RawHttp.Answer answer =
            send(
                endpoint.method(),
                endpoint.template().replace("{id}", id),
                endpoint.headers(),
                null);
        expect(answer, -1, null, endpoint, "id " + id);
      }
    }

    private static final List<String> FOREIGN_CHARSETS =
        List.of("utf-16", "UTF-16LE", "utf-32", "iso-8859-1", "windows-1252", "\"latin1\"", "x");

    private void foreignCharsets(Endpoint endpoint) {
      for (int i = 0; i < 3; i++) {
        String charset = FOREIGN_CHARSETS.get(random.nextInt(FOREIGN_CHARSETS.size()));
        Charset encoding = encodingOf(charset);
        Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
        headers.put("Content-Type", "application/json; charset=" + charset);
        RawHttp.Answer answer =
            send(endpoint.method(), endpoint.target(), headers, endpoint.body().getBytes(encoding));
        expect(answer, 415, null, endpoint, "charset " + charset);
      }
    }

    private static final List<String> BROKEN_TEXT =
        List.of(
            "\\u0000",
            "a\\u0000b",
            "\\u0007",
            "x\\u001f",
            "\\u007f",
            "\\u0085",
            "\\ud800",
            "a\\udc00",
            "\\ud83d");

    private void brokenText(Endpoint endpoint) {
      for (String field : endpoint.textFields()) {
        String broken = BROKEN_TEXT.get(random.nextInt(BROKEN_TEXT.size()));
        String body = with(endpoint.body(), field, "\"" + textPrefix(field) + broken + "\"");
        RawHttp.Answer answer = sendJson(endpoint, body);
        expect(answer, -1, null, endpoint, "text " + field + "=" + broken);
      }
    }

    private static final List<String> NOT_TIMES =
        List.of(
            "1e308",
            "1700000000",
            "-1",
            "1.5",
            "0",
            "\"1700000000\"",
            "true",
            "[]",
            "{}",
            "\"2026-13-01T00:00:00Z\"",
            "\"yesterday\"");

    private void numbersForTimes(Endpoint endpoint) {
      for (String field : endpoint.timeFields()) {
        for (int i = 0; i < 3; i++) {
          String value = NOT_TIMES.get(random.nextInt(NOT_TIMES.size()));
          RawHttp.Answer answer = sendJson(endpoint, with(endpoint.body(), field, value));
          expect(answer, 400, field, endpoint, "time " + field + "=" + value);
        }
      }
    }

    private static final List<String> DIGIT_STRINGS =
        List.of("\"１２\"", "\"١٢\"", "\"12\"", "\"0x1F\"", "\" 12\"", "\"𝟏𝟐\"");

    private void digitsInStrings(Endpoint endpoint) {
      for (String field : endpoint.numberFields()) {
        String value = DIGIT_STRINGS.get(random.nextInt(DIGIT_STRINGS.size()));
        RawHttp.Answer answer = sendJson(endpoint, with(endpoint.body(), field, value));
        expect(answer, 400, field, endpoint, "number " + field + "=" + value);
      }
    }

    /** Bytes that are not UTF-8 inside a body that says it is. */
    private void invalidUtf8(Endpoint endpoint) {
      byte[] valid = endpoint.body().getBytes(StandardCharsets.UTF_8);
      int quote = endpoint.body().lastIndexOf('"');
      byte[] spoiled = new byte[valid.length + 1];
      System.arraycopy(valid, 0, spoiled, 0, quote);
      spoiled[quote] = (byte) (0x80 + random.nextInt(0x80));
      System.arraycopy(valid, quote, spoiled, quote + 1, valid.length - quote);
      Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
      headers.put("Content-Type", "application/json");
      RawHttp.Answer answer = send(endpoint.method(), endpoint.target(), headers, spoiled);
      expect(answer, 400, null, endpoint, "bytes not UTF-8");
    }

    // ---- plumbing ----

    private String validValue(String name) {
      return switch (name) {
        case "token" -> token;
        case "application_id" -> "123";
        case "page", "size" -> "1";
        default -> "value";
      };
    }

    private static String textPrefix(String field) {
      return switch (field) {
        case "callback_url", "redirect_url" -> "https://shop.example/";
        case "email" -> "ops@shop.example";
        default -> "";
      };
    }

    /** The body with {@code field} set to the raw JSON {@code value}. */
    private static String with(String body, String field, String value) {
      String key = "\"" + field + "\":";
      int at = body.indexOf(key);
      if (at < 0) {
        return body.substring(0, body.length() - 1) + "," + key + value + "}";
      }
      int start = at + key.length();
      int end = start;
      if (body.charAt(start) == '"') {
        end = body.indexOf('"', start + 1) + 1;
      } else {
        while (end < body.length() && ",}".indexOf(body.charAt(end)) < 0) {
          end++;
        }
      }
      return body.substring(0, start) + value + body.substring(end);
    }

    private RawHttp.Answer sendJson(Endpoint endpoint, String body) {
      Map<String, String> headers = new LinkedHashMap<>(endpoint.headers());
      headers.put("Content-Type", "application/json");
      return send(
          endpoint.method(), endpoint.target(), headers, body.getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Answer send(
        String method, String target, Map<String, String> headers, byte[] body) {
      requests++;
      return new RawHttp(port).send(method, target, headers, body);
    }

    private static Charset encodingOf(String charset) {
      try {
        return Charset.forName(charset.replace("\"", ""));
      } catch (IllegalArgumentException unknown) {
        return StandardCharsets.UTF_8;
      }
    }

    /** Records a broken contract: 4xx (or exactly {@code status}), problem+json, detail, code. */
    private void expect(
        RawHttp.Answer answer, int status, String field, Endpoint endpoint, String input) {
      String what = endpoint.method() + " " + endpoint.target() + " [" + input + "] -> " + answer;
      boolean ok =
          (status < 0 ? answer.status() >= 400 && answer.status() < 500 : answer.status() == status)
              && answer.header("Content-Type") != null
              && answer.header("Content-Type").startsWith("application/problem+json");
      if (ok) {
        try {
          ok =
              answer.json().get("status").asInt() == answer.status()
                  && answer.text("detail") != null
                  && !answer.text("detail").isBlank()
                  && answer.text("code") != null
                  && !answer.text("code").isBlank()
                  && (field == null || field.equals(answer.text("field")));
        } catch (RuntimeException notJson) {
          ok = false;
        }
      }
      if (!ok) {
        failures.add(what);
      }
    }
  }
}

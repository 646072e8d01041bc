package dev.anteroom.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client for Anteroom's HTTP API over a real socket. Immutable: {@link #withKey} and {@link
 * #withToken} return a client that sends those credentials.
 *
 * <p>Every exchange is held to the published OpenAPI document ({@link ContractValidator}): a
 * request the document does not describe, or an answer it does not promise, fails the test. A test
 * that sends a malformed request on purpose says so with {@link #raw()}; its answers are still
 * checked.
 */
public final class Api {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String base;
  private final Map<String, String> headers;
  private final boolean checkRequests;

  public Api(int port) {
    this("http://127.0.0.1:" + port, Map.of(), true);
  }

  Api(String base, Map<String, String> headers, boolean checkRequests) {
    this.base = base;
    this.headers = headers;
    this.checkRequests = checkRequests;
  }

  /**
   * A client for requests that break the document on purpose (malformed JSON, wrong types, missing
   * credentials, unknown paths): they are sent as they are, and only their answers are checked.
   */
  public Api raw() {
    return new Api(base, headers, false);
  }

  public Api withKey(String apiKey) {
    return with("X-API-Key", apiKey);
  }

  public Api withToken(String bearer) {
    return with("Authorization", "Bearer " + bearer);
  }

  public Api with(String header, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(header, value);
    return new Api(base, copy, checkRequests);
  }

  public Answer get(String path) {
    return send("GET", path, null, null);
  }

  public Answer delete(String path) {
    return send("DELETE", path, null, null);
  }

  public Answer post(String path) {
    return send("POST", path, null, null);
  }

  public Answer post(String path, Object body) {
    return send("POST", path, JSON.writeValueAsString(body), "application/json");
  }

  public Answer put(String path, Object body) {
    return send("PUT", path, JSON.writeValueAsString(body), "application/json");
  }

  public Answer send(String method, String path, String body, String contentType) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    headers.forEach(request::header);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    HttpRequest built = request.build();
    Answer answer = send(built);
    ContractValidator.check(base, built, body, answer.response(), checkRequests);
    return answer;
  }

  /** Sends a request built by hand, unchecked: for bodies and framings no client method makes. */
  public static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      return new Answer(response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String base() {
    return base;
  }

  /** A response, with its body parsed as JSON on demand. */
  public record Answer(HttpResponse<String> response) {

    public int status() {
      return response.statusCode();
    }

    public String body() {
      return response.body();
    }

    public JsonNode json() {
      return JSON.readTree(response.body());
    }

    public String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }

    public String text(String field) {
      JsonNode node = json().get(field);
      return node == null || node.isNull() ? null : node.asString();
    }

    public long id() {
      return json().get("id").asLong();
    }

    @Override
    public String toString() {
      return status() + " " + body();
    }
  }
}

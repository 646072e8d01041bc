package dev.anteroom.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.report.ValidationReport.Level;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every exchange of the HTTP contract tests to the OpenAPI document the server publishes at
 * {@code /docs/openapi.json}: the request must be one the document describes, and the answer one it
 * promises (status, content type, body schema). A drift between the API and its document fails the
 * test that met it. The document is fetched and parsed once per server.
 */
public final class ContractValidator {

  /** Operational paths that are not part of the API and so not in the document. */
  private static final Set<String> OPERATIONAL = Set.of("/health", "/metrics", "/docs");

  private static final Set<String> UNKNOWN_PATH =
      Set.of("validation.request.path.missing", "validation.request.operation.notAllowed");

  private static final Map<String, OpenApiInteractionValidator> BY_BASE = new ConcurrentHashMap<>();

  private ContractValidator() {}

  /**
   * Fails when the exchange breaks the document.
   *
   * @param checkRequest false for a request made malformed on purpose: its answer is still checked
   *     wherever the document describes the path
   */
  static void check(
      String base,
      HttpRequest request,
      String body,
      HttpResponse<String> response,
      boolean checkRequest) {
    URI uri = request.uri();
    String path = uri.getRawPath();
    if (isOperational(path)) {
      return;
    }
    OpenApiInteractionValidator validator = BY_BASE.computeIfAbsent(base, ContractValidator::load);
    SimpleResponse answer = answer(response);
    ValidationReport report;
    if (checkRequest) {
      report = validator.validate(request(request, body), answer);
    } else {
      Request.Method method = Request.Method.valueOf(request.method().toUpperCase(Locale.ROOT));
      report = validator.validateResponse(path, method, answer);
      // A request made wrong on purpose may name no operation at all; then there is nothing to
      // hold its answer to, beyond what every answer must be (checked by the tests themselves).
      if (report.getMessages().stream().anyMatch(m -> UNKNOWN_PATH.contains(m.getKey()))) {
        return;
      }
    }
    if (report.hasErrors()) {
      throw new AssertionError(
          "the exchange breaks the OpenAPI document: "
              + request.method()
              + " "
              + uri
              + " -> "
              + response.statusCode()
              + " "
              + shorten(response.body())
              + "\n"
              + shorten(SimpleValidationReportFormat.getInstance().apply(report)));
    }
  }

  /** Keeps a failure readable when a test sends or receives a huge body. */
  private static String shorten(String text) {
    int limit = 4000;
    return text == null || text.length() <= limit
        ? text
        : text.substring(0, limit) + "... (" + text.length() + " characters)";
  }

  private static boolean isOperational(String path) {
    return OPERATIONAL.contains(path)
        || path.startsWith("/docs/")
        || path.startsWith("/swagger-ui")
        || path.startsWith("/scripts/");
  }

  private static OpenApiInteractionValidator load(String base) {
    Api.Answer document = new Api(base, Map.of(), false).get("/docs/openapi.json");
    if (document.status() != 200) {
      throw new AssertionError("no OpenAPI document at " + base + ": " + document);
    }
    return OpenApiInteractionValidator.createForInlineApiSpecification(document.body())
        // The validator lets undocumented query parameters pass by default; an exact document
        // lists every parameter the API reads.
        .withLevelResolver(
            LevelResolver.create()
                .withLevel("validation.request.parameter.query.unexpected", Level.ERROR)
                .build())
        .build();
  }

  private static Request request(HttpRequest request, String body) {
    URI uri = request.uri();
    SimpleRequest.Builder builder = new SimpleRequest.Builder(request.method(), uri.getRawPath());
    request.headers().map().forEach(builder::withHeader);
    query(uri.getRawQuery()).forEach(builder::withQueryParam);
    if (body != null) {
      builder.withBody(body);
    }
    return builder.build();
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> parameters = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.computeIfAbsent(decode(name), key -> new ArrayList<>()).add(decode(value));
    }
    return parameters;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  private static SimpleResponse answer(HttpResponse<String> response) {
    SimpleResponse.Builder builder = new SimpleResponse.Builder(response.statusCode());
    response.headers().map().forEach(builder::withHeader);
    if (response.body() != null && !response.body().isEmpty()) {
      builder.withBody(response.body());
    }
    return builder.build();
  }
}

package dev.anteroom.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.Ordered;

/**
 * The rules that make the generated document say what the API does, applied last, after every
 * controller and hand-written path is in:
 *
 * <ul>
 *   <li>an answer lists as required every property it always carries, and carries no other;
 *   <li>a request takes no unknown field (the mapper refuses them), and an optional field may be
 *       sent as null (absent on a create, cleared or back to its default on a change);
 *   <li>a PUT is a merge: its body has the create's fields, none of them required;
 *   <li>every error is {@value Problems#CONTENT_TYPE} with the problem schema (except the errors of
 *       a page for people, such as the hosted waiting page, which declare {@code text/html}), and
 *       every operation lists the errors any request to it can meet (bad input; credentials;
 *       unknown resources; bodies too large or of the wrong type; an unavailable store), beside its
 *       own.
 * </ul>
 */
final class DocumentRules implements OpenApiCustomizer, Ordered {

  private static final String SCHEMAS = "#/components/schemas/";
  private static final String ALWAYS = RecordModelResolver.ALWAYS_WRITTEN;

  /** The name of the problem schema every error answer refers to. */
  static final String PROBLEM = "Problem";

  private static final String HTML = "text/html";

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customise(OpenAPI api) {
    // Spring Boot's error page is where the container forwards failures, not an endpoint.
    api.getPaths().remove("/error");
    api.getComponents().addSchemas(PROBLEM, problem());
    Set<String> requests = reachable(api, requestBodyRefs(api));
    Map<String, Schema> schemas = api.getComponents().getSchemas();
    for (Map.Entry<String, Schema> entry : schemas.entrySet()) {
      shape(entry.getValue(), requests.contains(entry.getKey()));
    }
    api.getPaths().forEach((path, item) -> describe(api, path, item));
    dropUnused(api);
  }

  /**
   * Leaves out the schemas no operation uses (types springdoc met on the way, such as handlers').
   */
  private static void dropUnused(OpenAPI api) {
    Set<String> used = new HashSet<>();
    for (PathItem item : api.getPaths().values()) {
      for (Operation operation : item.readOperations()) {
        if (operation.getParameters() != null) {
          operation.getParameters().forEach(parameter -> collectRefs(parameter.getSchema(), used));
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
          operation
              .getRequestBody()
              .getContent()
              .values()
              .forEach(media -> collectRefs(media.getSchema(), used));
        }
        operation
            .getResponses()
            .values()
            .forEach(
                response -> {
                  if (response.getContent() != null) {
                    response
                        .getContent()
                        .values()
                        .forEach(media -> collectRefs(media.getSchema(), used));
                  }
                });
      }
    }
    Set<String> kept = reachable(api, used);
    api.getComponents().getSchemas().keySet().retainAll(kept);
  }

  /** Closes an object schema and states what is required or may be null. */
  @SuppressWarnings("unchecked")
  private static void shape(Schema<?> schema, boolean request) {
    Object always = schema.getExtensions() == null ? null : schema.getExtensions().get(ALWAYS);
    if (always != null) {
      schema.getExtensions().remove(ALWAYS);
      if (schema.getExtensions().isEmpty()) {
        schema.setExtensions(null);
      }
      if (!request) {
        schema.setRequired(List.copyOf((List<String>) always));
      }
    }
    if (schema.getProperties() == null || schema.getProperties().isEmpty()) {
      return;
    }
    if (schema.getAdditionalProperties() == null) {
      schema.setAdditionalProperties(false);
    }
    if (request) {
      List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
      schema
          .getProperties()
          .forEach(
              (name, property) -> {
                if (!required.contains(name) && property.get$ref() == null) {
                  property.setNullable(true);
                }
              });
    }
  }

  private void describe(OpenAPI api, String path, PathItem item) {
    item.readOperationsMap()
        .forEach(
            (method, operation) -> {
              if (method == PathItem.HttpMethod.PUT) {
                mergeBody(api, operation);
              }
              errors(api, path, method, operation);
            });
  }

  /** A PUT takes the fields of the create, none required: fields left out keep their values. */
  private static void mergeBody(OpenAPI api, Operation operation) {
    if (operation.getRequestBody() == null || operation.getRequestBody().getContent() == null) {
      return;
    }
    for (MediaType media : operation.getRequestBody().getContent().values()) {
      String ref = media.getSchema() == null ? null : media.getSchema().get$ref();
      if (ref == null || !ref.startsWith(SCHEMAS)) {
        continue;
      }
      String created = ref.substring(SCHEMAS.length());
      Schema<?> full = api.getComponents().getSchemas().get(created);
      String name = created.replaceFirst("Request$", "") + "Changes";
      ObjectSchema changes = new ObjectSchema();
      changes
          .description(
              "The fields to change: a field left out keeps its value, an explicit null clears"
                  + " an optional field (or puts back its default).")
          .properties(new LinkedHashMap<>(full.getProperties()))
          .additionalProperties(false);
      api.getComponents().addSchemas(name, changes);
      media.setSchema(new Schema<>().$ref(SCHEMAS + name));
    }
  }

  private static void errors(
      OpenAPI api, String path, PathItem.HttpMethod method, Operation operation) {
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    Map<String, String> errors = new TreeMap<>();
    errors.put("400", "Bad input; the problem names the field or parameter at fault");
    boolean writes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
    if (writes) {
      errors.put("413", "The body is larger than " + Limits.BODY_BYTES + " bytes");
    }
    if (operation.getRequestBody() != null) {
      errors.put("415", "The body is not application/json");
    }
    if (secured(api, operation)) {
      errors.put("401", "Missing or wrong credentials");
      errors.put(
          "403",
          "These credentials may not do this (a pk_ key on a server-side call, or an admin"
              + " without the role)");
      errors.put("404", "Not found, or not the caller's: existence does not leak");
      errors.put("429", "Too many failed attempts from this client; Retry-After says when");
      errors.put("503", "The store is unavailable; Retry-After says when to try again");
      if (writes) {
        errors.put("409", "The change clashes with the current state");
      }
    } else if (path.contains("{")) {
      errors.put("404", "Not found");
    }
    ApiResponses responses = operation.getResponses();
    errors.forEach(
        (status, description) -> {
          if (!responses.containsKey(status)) {
            responses.addApiResponse(status, new ApiResponse().description(description));
          }
        });
    responses.forEach(
        (status, response) -> {
          if (status.equals("304")) {
            // Not modified has no body, whatever the handler returns otherwise.
            response.setContent(null);
          }
          if (!(status.startsWith("4") || status.startsWith("5"))) {
            return;
          }
          if (isHtml(response)) {
            // A page for people answers its errors as pages; only a request no handler can read
            // (a malformed query) is refused as a problem first, whatever its path.
            if (status.equals("400")) {
              response.getContent().putAll(problemContent());
            }
          } else {
            response.setContent(problemContent());
          }
        });
    // Keep the listing in status order, errors after answers.
    ApiResponses sorted = new ApiResponses();
    new TreeMap<>(responses).forEach(sorted::addApiResponse);
    operation.setResponses(sorted);
  }

  private static boolean secured(OpenAPI api, Operation operation) {
    List<SecurityRequirement> security =
        operation.getSecurity() != null ? operation.getSecurity() : api.getSecurity();
    return security != null && !security.isEmpty() && security.stream().noneMatch(Map::isEmpty);
  }

  private static boolean isHtml(ApiResponse response) {
    return response.getContent() != null && response.getContent().containsKey(HTML);
  }

  static Content problemContent() {
    return new Content()
        .addMediaType(
            Problems.CONTENT_TYPE, new MediaType().schema(new Schema<>().$ref(SCHEMAS + PROBLEM)));
  }

  private static Set<String> requestBodyRefs(OpenAPI api) {
    Set<String> refs = new HashSet<>();
    api.getPaths()
        .values()
        .forEach(
            item ->
                item.readOperations().stream()
                    .filter(operation -> operation.getRequestBody() != null)
                    .filter(operation -> operation.getRequestBody().getContent() != null)
                    .flatMap(operation -> operation.getRequestBody().getContent().values().stream())
                    .forEach(media -> collectRefs(media.getSchema(), refs)));
    return refs;
  }

  /** The component schemas reachable from the given ones through their properties. */
  private static Set<String> reachable(OpenAPI api, Set<String> start) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(start);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      Schema<?> schema = api.getComponents().getSchemas().get(name);
      if (schema == null || !seen.add(name)) {
        continue;
      }
      Set<String> next = new HashSet<>();
      collectRefs(schema, next);
      todo.addAll(next);
    }
    return seen;
  }

  @SuppressWarnings("unchecked")
  private static void collectRefs(Schema<?> schema, Set<String> refs) {
    if (schema == null) {
      return;
    }
    if (schema.get$ref() != null && schema.get$ref().startsWith(SCHEMAS)) {
      refs.add(schema.get$ref().substring(SCHEMAS.length()));
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(property -> collectRefs(property, refs));
    }
    collectRefs(schema.getItems(), refs);
    if (schema.getAdditionalProperties() instanceof Schema<?> values) {
      collectRefs(values, refs);
    }
  }

  /** RFC 9457 with Anteroom's {@code code} and, for bad input, the {@code field} at fault. */
  private static ObjectSchema problem() {
    ObjectSchema problem = new ObjectSchema();
    problem
        .description("An error (RFC 9457)")
        .addProperty(
            "type", new StringSchema().description("a URI naming the kind of problem; about:blank"))
        .addProperty("title", new StringSchema().description("the status's reason phrase"))
        .addProperty("status", new IntegerSchema().description("the HTTP status code"))
        .addProperty("detail", new StringSchema().description("what was wrong, for a person"))
        .addProperty("instance", new StringSchema().description("the path that was called"))
        .addProperty(
            "code",
            new StringSchema()
                .description(
                    "what was wrong, for a program: invalid_input, not_found, queue_full, ..."))
        .addProperty(
            "field",
            new StringSchema().description("the request field or parameter at fault, if one is"))
        .required(List.of("type", "title", "status", "detail", "instance", "code"))
        .additionalProperties(false);
    return problem;
  }
}

package dev.anteroom.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anteroom.support.ApiTestBase;
import dev.anteroom.support.OnH2;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The published document as a client generator reads it: the names the API speaks, no internal
 * parameters, real request bodies, problems for every error, the security schemes. (That every
 * request and answer of the contract tests matches it is checked by {@code support/Api} on each
 * exchange.)
 */
@OnH2
class OpenApiDocumentTest extends ApiTestBase {

  private static final String WAITING_PAGE = "/wait/{queue_id}";

  private JsonNode document;

  @BeforeEach
  void fetch() {
    document = api().get("/docs/openapi.json").json();
  }

  @Test
  void every_property_name_is_snake_case_as_the_api_speaks_it() {
    List<String> names = new ArrayList<>();
    collectPropertyNames(document, names);
    assertThat(names).isNotEmpty().allMatch(name -> name.matches("[a-z][a-z0-9_]*"), "snake_case");
    assertThat(
            document.at("/components/schemas/QueueView/properties").has("release_rate_per_minute"))
        .isTrue();
  }

  @Test
  void no_operation_takes_an_internal_parameter() {
    List<String> parameters = new ArrayList<>();
    forEachOperation(
        (path, method, operation) ->
            operation
                .path("parameters")
                .forEach(p -> parameters.add(path + " " + p.get("name").asString())));
    assertThat(parameters)
        .noneMatch(p -> p.endsWith(" caller"))
        .containsOnly(
            "/queues page",
            "/queues size",
            "/queues application_id",
            "/dashboard/callback_errors page",
            "/dashboard/callback_errors size",
            "/dashboard/callback_errors application_id",
            "/dashboard/callback_errors queue_id",
            "/dashboard/callback_errors from",
            "/dashboard/callback_errors to",
            "/dashboard/callback_errors/{id}/retry id",
            "/dashboard/callback_errors/retry application_id",
            "/dashboard/callback_errors/retry queue_id",
            "/dashboard/callback_errors/retry from",
            "/dashboard/callback_errors/retry to",
            "/scripts/queue.js queue",
            "/scripts/queue.js key",
            "/scripts/queue.js lang",
            "/scripts/queue.js theme",
            "/scripts/queue.js poll",
            "/scripts/queue.js target",
            "/scripts/queue.js container",
            "/wait/{queue_id} queue_id",
            "/wait/{queue_id} key",
            "/wait/{queue_id} lang",
            "/wait/{queue_id} theme",
            "/wait/{queue_id} poll",
            "/wait/{queue_id} target",
            "/dashboard/alerts page",
            "/dashboard/alerts size",
            "/dashboard/alerts application_id",
            "/dashboard/alerts queue_id",
            "/dashboard/alerts state",
            "/dashboard/alerts kind",
            "/dashboard/alerts from",
            "/dashboard/alerts to",
            "/dashboard/queue_stats page",
            "/dashboard/queue_stats size",
            "/dashboard/queue_stats application_id",
            "/dashboard/queue_stats queue_id",
            "/dashboard/analytics from",
            "/dashboard/analytics to",
            "/dashboard/analytics interval",
            "/dashboard/analytics queue_id",
            "/dashboard/analytics application_id",
            "/applications page",
            "/applications size",
            "/admins page",
            "/admins size",
            "/queues/{id} id",
            "/queues/{id}/pause id",
            "/queues/{id}/resume id",
            "/queues/{id}/simulate id",
            "/applications/{id} id",
            "/applications/{id}/rotate_keys id",
            "/applications/{id}/rotate_webhook_secret id",
            "/applications/{id}/visitor_signing_key id",
            "/admins/{id} id",
            "/queue_status token",
            "/queue_status line",
            "/queue_status/stream token");
    assertThat(document.at("/components/schemas").has("Caller")).isFalse();
  }

  @Test
  void a_put_body_has_the_fields_of_the_create_with_none_required() {
    JsonNode queueChanges = bodySchema("/queues/{id}", "put");
    JsonNode queueCreate = bodySchema("/queues", "post");
    assertThat(names(queueChanges.get("properties")))
        .isEqualTo(names(queueCreate.get("properties")));
    assertThat(queueChanges.has("required")).isFalse();
    assertThat(queueCreate.get("required").toString()).contains("name");
    assertThat(queueChanges.at("/properties/max_active_users/nullable").asBoolean()).isTrue();
    JsonNode applicationChanges = bodySchema("/applications/{id}", "put");
    assertThat(names(applicationChanges.get("properties")))
        .contains("name", "description", "callback_url", "allowed_origins");
    assertThat(document.toString()).doesNotContain("JsonNode").doesNotContain("nodeType");
  }

  @Test
  void every_error_answer_is_a_problem() {
    JsonNode problem = document.at("/components/schemas/Problem");
    assertThat(problem.get("required").toString()).contains("\"status\"", "\"detail\"", "\"code\"");
    List<String> errors = new ArrayList<>();
    forEachOperation(
        (path, method, operation) ->
            operation
                .get("responses")
                .properties()
                .forEach(
                    response -> {
                      if (Integer.parseInt(response.getKey()) >= 400) {
                        errors.add(path + " " + method + " " + response.getKey());
                        if (path.equals(WAITING_PAGE)) {
                          return;
                        }
                        assertThat(response.getValue().get("content").toString())
                            .as(path + " " + method + " " + response.getKey())
                            .isEqualTo(
                                "{\"application/problem+json\":{\"schema\":"
                                    + "{\"$ref\":\"#/components/schemas/Problem\"}}}");
                      }
                    }));
    assertThat(errors).contains("/join post 409", "/queue_status get 404", "/queues post 401");
    assertThat(errors).noneMatch(e -> e.endsWith(" 500"));
  }

  @Test
  void the_hosted_waiting_page_answers_people_with_html_pages_errors_included() {
    JsonNode responses = document.get("paths").get(WAITING_PAGE).get("get").get("responses");
    assertThat(names(responses)).containsExactly("200", "304", "400", "404", "429", "503");
    assertThat(responses.at("/200/content").toString())
        .isEqualTo("{\"text/html\":{\"schema\":{\"type\":\"string\"}}}");
    assertThat(responses.get("304").has("content")).as("not modified has no body").isFalse();
    for (String status : List.of("404", "429", "503")) {
      assertThat(responses.at("/" + status + "/content").toString())
          .as(status)
          .isEqualTo("{\"text/html\":{\"schema\":{\"type\":\"string\"}}}");
    }
    // A query no handler can read (bad percent-encoding) is refused as a problem before the page.
    assertThat(names(responses.at("/400/content")))
        .containsExactly("text/html", "application/problem+json");
    assertThat(document.at("/paths/~1scripts~1queue.js/get/responses/304").has("content"))
        .isFalse();
  }

  @Test
  void the_security_schemes_are_declared_and_each_operation_says_which_it_takes() {
    assertThat(document.at("/components/securitySchemes/apiKey/in").asString()).isEqualTo("header");
    assertThat(document.at("/components/securitySchemes/apiKey/name").asString())
        .isEqualTo("X-API-Key");
    assertThat(document.at("/components/securitySchemes/admin/scheme").asString())
        .isEqualTo("bearer");
    assertThat(document.at("/paths/~1queue_status/get/security").isEmpty()).isTrue();
    assertThat(document.at("/paths/~1join/post/security").toString())
        .isEqualTo("[{\"apiKey\":[]}]");
    assertThat(document.at("/paths/~1admins/get/security").toString())
        .isEqualTo("[{\"admin\":[]}]");
  }

  @Test
  void the_lean_paths_are_described_field_by_field() {
    JsonNode status = document.at("/components/schemas/VisitorStatus");
    assertThat(status.get("required").toString())
        .contains("status", "position", "eta_seconds", "poll_after_seconds", "queue_id");
    assertThat(status.get("additionalProperties").asBoolean(true)).isFalse();
    assertThat(document.at("/components/schemas/JoinRequest/required").toString())
        .isEqualTo("[\"queue_id\"]");
  }

  private JsonNode bodySchema(String path, String method) {
    String ref =
        document
            .get("paths")
            .get(path)
            .get(method)
            .at("/requestBody/content/application~1json/schema/$ref")
            .asString();
    return document.at(ref.substring(1));
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.properties().forEach(e -> names.add(e.getKey()));
    return names;
  }

  private static void collectPropertyNames(JsonNode node, List<String> names) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (field.getKey().equals("properties") && field.getValue().isObject()) {
          field.getValue().properties().forEach(p -> names.add(p.getKey()));
        }
        collectPropertyNames(field.getValue(), names);
      }
    } else if (node.isArray()) {
      node.forEach(child -> collectPropertyNames(child, names));
    }
  }

  private void forEachOperation(OperationVisitor visitor) {
    document
        .get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        method ->
                            visitor.visit(path.getKey(), method.getKey(), method.getValue())));
  }

  @FunctionalInterface
  private interface OperationVisitor {
    void visit(String path, String method, JsonNode operation);
  }
}

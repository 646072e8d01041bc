package dev.anteroom.waiting.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Describes {@code POST /join} and {@code GET /queue_status} in the OpenAPI document: they are
 * served ahead of Spring's dispatcher, where springdoc cannot see them, so they are written here by
 * hand from what {@link JoinEndpoint} reads and {@link StatusJson} writes. The contract tests
 * validate both against this description. The errors' problem schema, and the errors every
 * authenticated call can meet, are added by the document's common rules, which run after this.
 */
@Component
@Order(0)
class LeanPathsDocumentation implements OpenApiCustomizer {

  private static final String SCHEMAS = "#/components/schemas/";

  /** What {@link StatusJson} always writes; the pass and the opening time only when known. */
  private static final List<String> STATUS_FIELDS =
      List.of(
          "status", "position", "eta_seconds", "poll_after_seconds", "queue_id", "redirect_url");

  @Override
  public void customise(OpenAPI openApi) {
    openApi.getComponents().addSchemas("VisitorStatus", statusSchema());
    openApi.getComponents().addSchemas("JoinAnswer", joinAnswerSchema());
    openApi.getComponents().addSchemas("JoinRequest", joinRequestSchema());
    openApi.path(JoinEndpoint.PATH, new PathItem().post(join()));
    openApi.path(StatusEndpoint.PATH, new PathItem().get(status()));
  }

  private static Operation join() {
    return new Operation()
        .operationId("join")
        .addTagsItem("visitors")
        .summary("Join a queue (sk_ or pk_): 201 with a token and place, 200 for an existing place")
        .description(
            "A visitor_id that already holds a place answers that place (200). With a publishable"
                + " key a bare visitor_id is refused (400 unsigned_visitor_id): the tenant's server"
                + " signs it (visitor_expires_at, visitor_signature). With simulate the answer is"
                + " the place the visitor would get, without a token, and nothing is stored. A"
                + " full queue is 409, a closed or rejecting one 503, both with Retry-After.")
        .addSecurityItem(new SecurityRequirement().addList("apiKey"))
        .requestBody(new RequestBody().required(true).content(json(ref("JoinRequest"))))
        .responses(
            new ApiResponses()
                .addApiResponse(
                    "200",
                    new ApiResponse()
                        .description("Already in line (or a simulation): the place")
                        .content(json(ref("JoinAnswer"))))
                .addApiResponse(
                    "201",
                    new ApiResponse()
                        .description("Joined: the token and the place")
                        .content(json(ref("JoinAnswer"))))
                .addApiResponse(
                    "400",
                    error(
                        "Bad input, naming the field; unsigned_visitor_id, bad_visitor_signature,"
                            + " visitor_signature_expired, visitor_expiry_too_far"))
                .addApiResponse(
                    "403",
                    error("An admin token, or a pk_ key setting a priority or from a foreign page"))
                .addApiResponse("404", error("No such queue for this key"))
                .addApiResponse("409", error("The queue is full (max_size); see Retry-After"))
                .addApiResponse(
                    "503",
                    error(
                        "The queue is closed, rejecting at capacity, or the store is unavailable;"
                            + " see Retry-After")));
  }

  private static Operation status() {
    return new Operation()
        .operationId("queueStatus")
        .addTagsItem("visitors")
        .summary("A visitor's place, wait and, once released, pass; the token is the credential")
        .security(List.of())
        .addParametersItem(
            new Parameter()
                .in("query")
                .name("token")
                .required(true)
                .description("the queue token from the join")
                .schema(new StringSchema()))
        .addParametersItem(
            new Parameter()
                .in("query")
                .name("line")
                .required(false)
                .description(
                    "with several nodes: the Anteroom-Line header of the previous answer; the"
                        + " node answering first follows the line at least that far")
                .schema(new IntegerSchema().format("int64").minimum(BigDecimal.ZERO)))
        .responses(
            new ApiResponses()
                .addApiResponse(
                    "200",
                    new ApiResponse()
                        .description(
                            "The status; Cache-Control: private, max-age one second under"
                                + " poll_after_seconds; with several nodes, an Anteroom-Line"
                                + " header to send back as line")
                        .content(json(ref("VisitorStatus"))))
                .addApiResponse("400", error("No token"))
                .addApiResponse(
                    "403",
                    error(
                        "origin_not_allowed: a page the application of the token's queue does"
                            + " not allow"))
                .addApiResponse("404", error("A forged or unknown token")));
  }

  private static Schema<?> joinRequestSchema() {
    Schema<?> body =
        new ObjectSchema()
            .addProperty("queue_id", new IntegerSchema().format("int64"))
            .addProperty(
                "visitor_id",
                nullable(
                    new StringSchema()
                        .maxLength(200)
                        .description(
                            "the tenant's key for one place per person; with a publishable key"
                                + " (pk_) only together with its signature")))
            .addProperty(
                "visitor_expires_at",
                nullable(
                    new IntegerSchema()
                        .format("int64")
                        .description(
                            "epoch seconds until which visitor_signature is good, at most 24"
                                + " hours ahead; sent with visitor_signature")))
            .addProperty(
                "visitor_signature",
                nullable(
                    new StringSchema()
                        .description(
                            "unpadded base64url HMAC-SHA256, keyed with the application's"
                                + " visitor_signing_key, of \"anteroom-visitor-v1\\n\" +"
                                + " application_id + \"\\n\" + visitor_id + \"\\n\" +"
                                + " visitor_expires_at")))
            .addProperty(
                "priority",
                nullable(
                    new IntegerSchema()
                        .minimum(BigDecimal.ZERO)
                        .maximum(BigDecimal.valueOf(9))
                        .description(
                            "higher goes first; only with a secret key (sk_); 0 if left out")))
            .addProperty(
                "metadata",
                nullable(
                    new ObjectSchema()
                        .additionalProperties(true)
                        .description("any JSON object, at most 2048 bytes")))
            .addProperty(
                "simulate",
                nullable(
                    new BooleanSchema()
                        .description("answer the place the visitor would get; store nothing")));
    body.required(List.of("queue_id")).additionalProperties(false);
    return body;
  }

  private static Schema<?> statusSchema() {
    Schema<?> status = statusFields(new ObjectSchema());
    status.required(STATUS_FIELDS).additionalProperties(false);
    return status;
  }

  private static Schema<?> joinAnswerSchema() {
    Schema<?> answer =
        statusFields(
            new ObjectSchema()
                .addProperty(
                    "token",
                    new StringSchema()
                        .description("the queue token to poll with; absent from a simulation")));
    answer.addProperty("joined_at", new StringSchema().format("date-time"));
    answer.addProperty(
        "simulated",
        new BooleanSchema()
            ._enum(List.of(true))
            .description("present, and true, only on a simulation's answer"));
    List<String> required = new ArrayList<>(STATUS_FIELDS);
    required.add("joined_at");
    answer.required(required).additionalProperties(false);
    return answer;
  }

  private static Schema<?> statusFields(Schema<?> schema) {
    return schema
        .addProperty(
            "status",
            new StringSchema()._enum(List.of("waiting", "released", "expired", "cancelled")))
        .addProperty(
            "position",
            nullable(
                new IntegerSchema()
                    .minimum(BigDecimal.ONE)
                    .description(
                        "1-based while waiting; null in a lottery, in a pre-queue before opening,"
                            + " or once not waiting")))
        .addProperty(
            "eta_seconds",
            nullable(
                new IntegerSchema()
                    .format("int64")
                    .description("the expected wait; null when it cannot be told")))
        .addProperty(
            "poll_after_seconds",
            new IntegerSchema()
                .minimum(java.math.BigDecimal.ONE)
                .maximum(java.math.BigDecimal.valueOf(30))
                .description(
                    "when to ask again, in seconds (1 to 30); 30 once the state is final, when"
                        + " there is nothing more to wait for and a client should stop polling"))
        .addProperty("queue_id", new IntegerSchema().format("int64"))
        .addProperty(
            "redirect_url",
            nullable(new StringSchema().description("where to send the visitor once released")))
        .addProperty(
            "opens_at",
            new StringSchema()
                .format("date-time")
                .description("the opening time, while the queue is not open yet"))
        .addProperty(
            "opens_in_seconds",
            new IntegerSchema()
                .format("int64")
                .minimum(BigDecimal.ZERO)
                .description(
                    "sent with opens_at: the seconds until the opening by the server's clock,"
                        + " rounded up; count down from this rather than the visitor's clock"))
        .addProperty(
            "access_token",
            new StringSchema().description("the pass (a JWT), once released and still valid"))
        .addProperty(
            "access_expires_at",
            new StringSchema().format("date-time").description("sent with access_token"));
  }

  private static Schema<?> nullable(Schema<?> schema) {
    return schema.nullable(true);
  }

  private static Schema<?> ref(String name) {
    return new Schema<>().$ref(SCHEMAS + name);
  }

  private static Content json(Schema<?> schema) {
    return new Content().addMediaType("application/json", new MediaType().schema(schema));
  }

  /** An error answer; its problem schema is added by the document's common rules. */
  private static ApiResponse error(String description) {
    return new ApiResponse().description(description);
  }
}

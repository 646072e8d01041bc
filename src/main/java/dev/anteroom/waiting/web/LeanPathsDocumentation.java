package dev.anteroom.waiting.web;

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
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Describes {@code POST /join} and {@code GET /queue_status} in the OpenAPI document: they are
 * served ahead of Spring's dispatcher, where springdoc cannot see them.
 */
@Component
class LeanPathsDocumentation implements OpenApiCustomizer {

  @Override
  public void customise(io.swagger.v3.oas.models.OpenAPI openApi) {
    openApi.path(JoinEndpoint.PATH, new PathItem().post(join()));
    openApi.path(StatusEndpoint.PATH, new PathItem().get(status()));
  }

  private static Operation join() {
    Schema<?> body =
        new ObjectSchema()
            .addProperty("queue_id", new IntegerSchema().format("int64"))
            .addProperty(
                "visitor_id",
                new StringSchema()
                    .maxLength(200)
                    .description(
                        "the tenant's key for one place per person; with a publishable key (pk_)"
                            + " only together with its signature"))
            .addProperty(
                "visitor_expires_at",
                new IntegerSchema()
                    .format("int64")
                    .description(
                        "epoch seconds until which visitor_signature is good, at most 24 hours"
                            + " ahead"))
            .addProperty(
                "visitor_signature",
                new StringSchema()
                    .description(
                        "unpadded base64url HMAC-SHA256, keyed with the application's"
                            + " visitor_signing_key, of \"anteroom-visitor-v1\\n\" + application_id"
                            + " + \"\\n\" + visitor_id + \"\\n\" + visitor_expires_at"))
            .addProperty(
                "priority",
                new IntegerSchema()
                    .minimum(java.math.BigDecimal.ZERO)
                    .maximum(java.math.BigDecimal.valueOf(9))
                    .description("higher goes first; only with a secret key (sk_)"))
            .addProperty(
                "metadata", new ObjectSchema().description("any JSON object, at most 2 KiB"))
            .addProperty(
                "simulate",
                new BooleanSchema().description("answer the place and wait; store nothing"));
    body.setRequired(List.of("queue_id"));
    Schema<?> answer =
        status().getResponses().get("200").getContent().get("application/json").getSchema();
    answer.addProperty("token", new StringSchema().description("the queue token to poll with"));
    answer.addProperty("joined_at", new StringSchema().format("date-time"));
    answer.addProperty("simulated", new BooleanSchema());
    return new Operation()
        .addTagsItem("visitors")
        .summary("Join a queue (sk_ or pk_): 201 with a token and place, 200 for an existing place")
        .description(
            "A visitor_id that already holds a place answers that place (200). With a publishable"
                + " key a bare visitor_id is refused (400 unsigned_visitor_id): the tenant's server"
                + " signs it (visitor_expires_at, visitor_signature). A full queue is 409, a"
                + " closed or rejecting one 503, both with Retry-After.")
        .requestBody(new RequestBody().required(true).content(json(body)))
        .responses(
            new ApiResponses()
                .addApiResponse(
                    "201", new ApiResponse().description("joined").content(json(answer)))
                .addApiResponse(
                    "200", new ApiResponse().description("already in line").content(json(answer)))
                .addApiResponse(
                    "400",
                    problem(
                        "bad input, naming the field; unsigned_visitor_id, bad_visitor_signature,"
                            + " visitor_signature_expired, visitor_expiry_too_far"))
                .addApiResponse("404", problem("no such queue for this key"))
                .addApiResponse("409", problem("queue full"))
                .addApiResponse("503", problem("queue closed or at capacity")));
  }

  private static Operation status() {
    Schema<?> answer =
        new ObjectSchema()
            .addProperty(
                "status",
                new StringSchema()._enum(List.of("waiting", "released", "expired", "cancelled")))
            .addProperty(
                "position",
                new IntegerSchema()
                    .nullable(true)
                    .description("1-based; null in a lottery or a pre-queue before opening"))
            .addProperty("eta_seconds", new IntegerSchema().format("int64").nullable(true))
            .addProperty("poll_after_seconds", new IntegerSchema())
            .addProperty("queue_id", new IntegerSchema().format("int64"))
            .addProperty("redirect_url", new StringSchema().nullable(true))
            .addProperty("opens_at", new StringSchema().format("date-time"))
            .addProperty("access_token", new StringSchema().description("the pass, once released"))
            .addProperty("access_expires_at", new StringSchema().format("date-time"));
    return new Operation()
        .addTagsItem("visitors")
        .summary("A visitor's place, wait and, once released, pass; the token is the credential")
        .addParametersItem(
            new Parameter().in("query").name("token").required(true).schema(new StringSchema()))
        .responses(
            new ApiResponses()
                .addApiResponse(
                    "200", new ApiResponse().description("the status").content(json(answer)))
                .addApiResponse("404", problem("forged or unknown token")));
  }

  private static Content json(Schema<?> schema) {
    return new Content().addMediaType("application/json", new MediaType().schema(schema));
  }

  private static ApiResponse problem(String description) {
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    "application/problem+json", new MediaType().schema(new ObjectSchema())));
  }
}

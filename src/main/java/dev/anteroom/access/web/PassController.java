package dev.anteroom.access.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anteroom.access.PassCheck;
import dev.anteroom.access.PassService;
import dev.anteroom.access.SigningKeys;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "access", description = "Passes: verification, early completion, public keys")
class PassController {

  private final PassService passes;
  private final SigningKeys keys;

  PassController(PassService passes, SigningKeys keys) {
    this.passes = passes;
    this.keys = keys;
  }

  @PostMapping(
      path = "/verify",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Check a pass online (sk_ of its application); also knows early endings")
  @SecurityRequirement(name = "apiKey")
  VerifyView verify(@RequestBody PassBody body, Caller caller) {
    PassCheck check = passes.verify(caller, required(body));
    return VerifyView.of(check);
  }

  @PostMapping(
      path = "/complete",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "End a released visitor's session now (sk_), freeing an active slot")
  @SecurityRequirement(name = "apiKey")
  CompletedView complete(@RequestBody PassBody body, Caller caller) {
    boolean ended = passes.complete(caller, required(body));
    return new CompletedView("completed", ended);
  }

  @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The public keys that verify passes offline")
  @SecurityRequirements
  @ApiResponse(
      responseCode = "200",
      description = "A JSON Web Key Set (RFC 7517)",
      content = @Content(schema = @Schema(implementation = KeySetView.class)))
  ResponseEntity<Map<String, Object>> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
        .header("Access-Control-Allow-Origin", "*")
        .body(keys.published().toJSONObject(true));
  }

  @PostMapping(path = "/signing_keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Start signing with a new key now (super admin); old keys stay published")
  @SecurityRequirement(name = "admin")
  RotatedView rotate(Caller caller) {
    caller.requireSuperAdmin();
    return new RotatedView(keys.rotate());
  }

  private static String required(PassBody body) {
    if (body.accessToken() == null || body.accessToken().isBlank()) {
      throw new InvalidInputException("access_token", "access_token is required");
    }
    return body.accessToken();
  }

  record PassBody(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String accessToken) {}

  record CompletedView(
      @Schema(allowableValues = "completed") String status,
      @Schema(description = "false when the session had already ended") boolean endedNow) {}

  record RotatedView(
      @Schema(description = "the id of the key that signs from now on") String kid) {}

  /** The shape of the key set, for the document; the answer is written by the JOSE library. */
  record KeySetView(List<KeyView> keys) {}

  record KeyView(
      @Schema(allowableValues = "EC") String kty,
      @Schema(allowableValues = "sig") String use,
      @Schema(allowableValues = "P-256") String crv,
      String kid,
      String x,
      String y,
      @Schema(allowableValues = "ES256") String alg) {}

  record VerifyView(
      boolean valid,
      @Schema(nullable = true, description = "why the pass is not valid; null when it is")
          String reason,
      @JsonInclude(JsonInclude.Include.NON_NULL) Long queueId,
      @JsonInclude(JsonInclude.Include.NON_NULL) String visitorId,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant expiresAt) {

    static VerifyView of(PassCheck check) {
      return new VerifyView(
          check.valid(),
          check.reason(),
          check.claims() == null ? null : check.claims().queueId(),
          check.claims() == null ? null : check.claims().subject(),
          check.expiresAt());
    }
  }
}

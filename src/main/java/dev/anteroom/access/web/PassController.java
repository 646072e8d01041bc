package dev.anteroom.access.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anteroom.access.PassCheck;
import dev.anteroom.access.PassService;
import dev.anteroom.access.SigningKeys;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.tenant.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
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
  VerifyView verify(@RequestBody PassBody body, Caller caller) {
    PassCheck check = passes.verify(caller, required(body));
    return VerifyView.of(check);
  }

  @PostMapping(
      path = "/complete",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "End a released visitor's session now (sk_), freeing an active slot")
  Map<String, Object> complete(@RequestBody PassBody body, Caller caller) {
    boolean ended = passes.complete(caller, required(body));
    return Map.of("status", "completed", "ended_now", ended);
  }

  @GetMapping(path = "/.well-known/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "The public keys that verify passes offline")
  ResponseEntity<Map<String, Object>> jwks() {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.maxAge(5, TimeUnit.MINUTES).cachePublic())
        .header("Access-Control-Allow-Origin", "*")
        .body(keys.published().toJSONObject(true));
  }

  @PostMapping(path = "/signing_keys/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Start signing with a new key now (super admin); old keys stay published")
  Map<String, String> rotate(Caller caller) {
    caller.requireSuperAdmin();
    return Map.of("kid", keys.rotate());
  }

  private static String required(PassBody body) {
    if (body.accessToken() == null || body.accessToken().isBlank()) {
      throw new InvalidInputException("access_token", "access_token is required");
    }
    return body.accessToken();
  }

  record PassBody(String accessToken) {}

  record VerifyView(
      boolean valid,
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

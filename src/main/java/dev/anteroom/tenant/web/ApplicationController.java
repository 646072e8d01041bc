package dev.anteroom.tenant.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.ApplicationFields;
import dev.anteroom.tenant.ApplicationService;
import dev.anteroom.tenant.Caller;
import dev.anteroom.web.JsonMerge;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping(path = "/applications", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "applications", description = "Tenants and their API keys")
class ApplicationController {

  private final ApplicationService applications;
  private final JsonMerge merge;

  ApplicationController(ApplicationService applications, JsonMerge merge) {
    this.applications = applications;
    this.merge = merge;
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(
      summary =
          "Create an application (super admin); its keys and webhook secret are shown this once")
  ResponseEntity<ApplicationView> create(@RequestBody ApplicationRequest request, Caller caller) {
    ApplicationService.Created created = applications.create(caller, request.fields());
    return ResponseEntity.status(HttpStatus.CREATED)
        .cacheControl(CacheControl.noStore())
        .body(ApplicationView.of(created.application(), created.keys(), created.webhookSecret()));
  }

  @GetMapping
  @Operation(summary = "List the applications the caller may see")
  Page<ApplicationView> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "20") int size,
      Caller caller) {
    return applications.list(caller, new PageRequest(page, size)).map(ApplicationView::of);
  }

  @GetMapping("/{id}")
  ApplicationView get(@PathVariable long id, Caller caller) {
    return ApplicationView.of(applications.get(caller, id));
  }

  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Change an application; fields left out keep their values")
  ApplicationView update(
      @PathVariable long id,
      // A merge needs to tell a field left out from a null, so the body stays a tree here; the
      // document shows the fields it takes.
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = ApplicationRequest.class)))
          @RequestBody
          JsonNode changes,
      Caller caller) {
    Application current = applications.get(caller, id);
    ApplicationRequest merged =
        merge.merge(ApplicationRequest.of(current), changes, ApplicationRequest.class);
    return ApplicationView.of(applications.update(caller, id, merged.fields()));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  @Operation(summary = "Soft-delete an application and its queues (super admin)")
  void delete(@PathVariable long id, Caller caller) {
    applications.delete(caller, id);
  }

  @PostMapping("/{id}/rotate_keys")
  @Operation(summary = "Issue new keys; the old ones stop working at once")
  KeysView rotateKeys(@PathVariable long id, Caller caller) {
    ApplicationService.Keys keys = applications.rotateKeys(caller, id);
    return new KeysView(id, keys.secretKey(), keys.publishableKey(), keys.visitorSigningKey());
  }

  @PostMapping("/{id}/rotate_webhook_secret")
  @Operation(
      summary =
          "Issue a new webhook secret, shown this once; the previous one keeps signing callbacks"
              + " for 24 hours (sk_ or an admin of the application)")
  ResponseEntity<WebhookSecretView> rotateWebhookSecret(@PathVariable long id, Caller caller) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new WebhookSecretView(id, applications.rotateWebhookSecret(caller, id)));
  }

  @GetMapping("/{id}/visitor_signing_key")
  @Operation(
      summary =
          "The key the tenant's server signs visitor ids with (sk_ or an admin of the application)")
  ResponseEntity<VisitorSigningKeyView> visitorSigningKey(@PathVariable long id, Caller caller) {
    return ResponseEntity.ok()
        .cacheControl(CacheControl.noStore())
        .body(new VisitorSigningKeyView(id, applications.visitorSigningKey(caller, id)));
  }

  record ApplicationRequest(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200) String name,
      @Schema(maxLength = 2000) String description,
      @Schema(maxLength = 2000, description = "an absolute http(s) URL") String callbackUrl,
      @ArraySchema(
              maxItems = 50,
              arraySchema =
                  @Schema(
                      description =
                          "the web origins (scheme://host[:port], or *) whose pages may use the"
                              + " pk_ key"))
          List<String> allowedOrigins,
      @Schema(minimum = "1", maximum = "1000000", description = "null: no cap")
          Integer maxReleaseRatePerMinute) {

    ApplicationFields fields() {
      return new ApplicationFields(
          name, description, callbackUrl, allowedOrigins, maxReleaseRatePerMinute);
    }

    static ApplicationRequest of(Application a) {
      return new ApplicationRequest(
          a.name(),
          a.description(),
          a.callbackUrl(),
          a.allowedOrigins(),
          a.maxReleaseRatePerMinute());
    }
  }

  record ApplicationView(
      long id,
      String name,
      @Schema(nullable = true) String description,
      @Schema(nullable = true) String callbackUrl,
      List<String> allowedOrigins,
      @Schema(nullable = true) Integer maxReleaseRatePerMinute,
      Instant createdAt,
      Instant updatedAt,
      @Schema(description = "only when the application is created")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          String secretKey,
      @Schema(description = "only when the application is created")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          String publishableKey,
      @Schema(description = "only when the application is created")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          String visitorSigningKey,
      @Schema(
              description =
                  "only when the application is created: the Standard Webhooks secret callbacks"
                      + " are signed with (whsec_...)")
          @JsonInclude(JsonInclude.Include.NON_NULL)
          String webhookSecret) {

    static ApplicationView of(Application a) {
      return of(a, null, null);
    }

    static ApplicationView of(Application a, ApplicationService.Keys keys, String webhookSecret) {
      return new ApplicationView(
          a.id(),
          a.name(),
          a.description(),
          a.callbackUrl(),
          a.allowedOrigins(),
          a.maxReleaseRatePerMinute(),
          a.createdAt(),
          a.updatedAt(),
          keys == null ? null : keys.secretKey(),
          keys == null ? null : keys.publishableKey(),
          keys == null ? null : keys.visitorSigningKey(),
          webhookSecret);
    }

    @Override
    public String toString() {
      return "ApplicationView[" + id + ", keys and secret redacted]";
    }
  }

  record WebhookSecretView(
      long applicationId,
      @Schema(description = "the new Standard Webhooks secret (whsec_...), shown this once")
          String webhookSecret) {
    @Override
    public String toString() {
      return "WebhookSecretView[" + applicationId + ", redacted]";
    }
  }

  record VisitorSigningKeyView(long applicationId, String visitorSigningKey) {}

  record KeysView(
      long applicationId, String secretKey, String publishableKey, String visitorSigningKey) {}
}

package dev.anteroom.alert.web;

import dev.anteroom.alert.Alert;
import dev.anteroom.alert.AlertKind;
import dev.anteroom.alert.AlertService;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.tenant.Caller;
import dev.anteroom.web.InstantParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/dashboard/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "alerts", description = "Alerts that fired: queue length, callback failures, health")
class AlertController {

  private final AlertService alerts;

  AlertController(AlertService alerts) {
    this.alerts = alerts;
  }

  @GetMapping
  @Operation(
      summary =
          "Recent alerts, newest first (sk_ key: its application's; an admin: their"
              + " applications'; a super admin: all, system alerts included)")
  Page<AlertView> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "20") int size,
      @RequestParam(name = "application_id", required = false) Long applicationId,
      @RequestParam(name = "queue_id", required = false) Long queueId,
      @Parameter(schema = @Schema(allowableValues = {"firing", "resolved"}))
          @RequestParam(required = false)
          String state,
      @Parameter(
              schema =
                  @Schema(
                      allowableValues = {
                        "queue_length",
                        "callback_failures",
                        "database_unreachable",
                        "release_lag",
                        "disk_space"
                      }))
          @RequestParam(required = false)
          String kind,
      @Parameter(
              description = "alerts still active at or after this instant (ISO-8601)",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String from,
      @Parameter(
              description = "alerts started before this instant (ISO-8601)",
              schema = @Schema(type = "string", format = "date-time"))
          @RequestParam(required = false)
          String to,
      Caller caller) {
    AlertService.Criteria criteria =
        new AlertService.Criteria(
            applicationId,
            queueId,
            state(state),
            kind == null ? null : AlertKind.parse("kind", kind),
            InstantParameters.parse("from", from),
            InstantParameters.parse("to", to));
    return alerts.list(caller, criteria, new PageRequest(page, size)).map(AlertView::of);
  }

  private static Alert.State state(String text) {
    if (text == null) {
      return null;
    }
    return switch (text) {
      case "firing" -> Alert.State.FIRING;
      case "resolved" -> Alert.State.RESOLVED;
      default -> throw new InvalidInputException("state", "state must be firing or resolved");
    };
  }

  record AlertView(
      long id,
      @Schema(
              allowableValues = {
                "queue_length",
                "callback_failures",
                "database_unreachable",
                "release_lag",
                "disk_space"
              })
          String kind,
      @Schema(allowableValues = {"firing", "resolved"}) String state,
      @Schema(nullable = true, description = "null for a system alert") Long applicationId,
      @Schema(nullable = true) Long queueId,
      @Schema(description = "what is wrong, where and how much") String summary,
      Instant startedAt,
      Instant lastNotifiedAt,
      @Schema(nullable = true) Instant resolvedAt,
      @Schema(description = "messages handed to the channels: start, repeats, resolution")
          int notifications) {

    static AlertView of(Alert alert) {
      return new AlertView(
          alert.id(),
          alert.kind().wireName(),
          alert.state().wireName(),
          alert.applicationId(),
          alert.queueId(),
          alert.summary(),
          alert.startedAt(),
          alert.lastNotifiedAt(),
          alert.resolvedAt(),
          alert.notifications());
    }
  }
}

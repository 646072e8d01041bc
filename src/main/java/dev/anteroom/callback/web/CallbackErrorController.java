package dev.anteroom.callback.web;

import dev.anteroom.callback.AttemptLog;
import dev.anteroom.callback.CallbackError;
import dev.anteroom.callback.CallbackErrorStore;
import dev.anteroom.callback.CallbackErrors;
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
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/dashboard/callback_errors", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "callbacks", description = "Callbacks that failed for good, and their redelivery")
class CallbackErrorController {

  private final CallbackErrors errors;

  CallbackErrorController(CallbackErrors errors) {
    this.errors = errors;
  }

  @GetMapping
  @Operation(summary = "List callback error records, newest first")
  Page<CallbackErrorView> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "20") int size,
      @RequestParam(name = "application_id", required = false) Long applicationId,
      @RequestParam(name = "queue_id", required = false) Long queueId,
      @Parameter(description = "records created at or after this instant (ISO-8601)")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "records created before this instant (ISO-8601)")
          @RequestParam(required = false)
          String to,
      Caller caller) {
    return errors
        .list(caller, filter(applicationId, queueId, from, to), new PageRequest(page, size))
        .map(CallbackErrorView::of);
  }

  @PostMapping("/{id}/retry")
  @Operation(
      summary =
          "Deliver the record's event again from the start (attempts reset, due now);"
              + " answers the record, marked retried")
  CallbackErrorView retry(@PathVariable long id, Caller caller) {
    return CallbackErrorView.of(errors.retry(caller, id));
  }

  @PostMapping("/retry")
  @Operation(
      summary =
          "Deliver again the events of every matching record not yet retried (at most "
              + CallbackErrors.MAX_BULK
              + " per call)")
  RetriedView retryAll(
      @RequestParam(name = "application_id", required = false) Long applicationId,
      @RequestParam(name = "queue_id", required = false) Long queueId,
      @Parameter(description = "records created at or after this instant (ISO-8601)")
          @RequestParam(required = false)
          String from,
      @Parameter(description = "records created before this instant (ISO-8601)")
          @RequestParam(required = false)
          String to,
      Caller caller) {
    return new RetriedView(errors.retryAll(caller, filter(applicationId, queueId, from, to)));
  }

  private static CallbackErrorStore.Filter filter(
      Long applicationId, Long queueId, String from, String to) {
    Instant since = InstantParameters.parse("from", from);
    Instant until = InstantParameters.parse("to", to);
    if (since != null && until != null && !until.isAfter(since)) {
      throw new InvalidInputException("to", "to must be later than from");
    }
    return new CallbackErrorStore.Filter(applicationId, queueId, since, until);
  }

  record RetriedView(@Schema(description = "records whose events are pending again") int retried) {}

  record AttemptView(
      Instant at, @Schema(description = "the HTTP status, or the error kind") String outcome) {}

  record CallbackErrorView(
      long id,
      @Schema(description = "the webhook-id the event is sent with") String eventId,
      @Schema(
              allowableValues = {
                "visitor.released",
                "visitor.expired",
                "visitor.cancelled",
                "visitor.completed"
              })
          String eventType,
      long applicationId,
      long queueId,
      Instant occurredAt,
      @Schema(nullable = true) String targetUrl,
      @Schema(nullable = true, description = "the last HTTP status; null when none came back")
          Integer httpStatus,
      @Schema(
              nullable = true,
              description =
                  "why there was no HTTP status: timeout, connection_failed, dns_failed,"
                      + " refused_address, no_target, no_webhook_secret, queue_gone, invalid_url")
          String errorKind,
      @Schema(nullable = true, description = "at most 1 KiB of the last answer")
          String responseSnippet,
      List<AttemptView> attempts,
      Instant createdAt,
      @Schema(nullable = true) Instant retriedAt) {

    static CallbackErrorView of(CallbackError e) {
      return new CallbackErrorView(
          e.id(),
          e.eventId(),
          e.key().event().wireName(),
          e.applicationId(),
          e.key().queueId(),
          e.occurredAt(),
          e.targetUrl(),
          e.httpStatus(),
          e.errorKind(),
          e.responseSnippet(),
          e.attempts().stream().map(CallbackErrorView::attempt).toList(),
          e.createdAt(),
          e.retriedAt());
    }

    private static AttemptView attempt(AttemptLog.Attempt attempt) {
      return new AttemptView(attempt.at(), attempt.outcome());
    }
  }
}

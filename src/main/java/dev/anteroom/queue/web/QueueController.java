package dev.anteroom.queue.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDisplay;
import dev.anteroom.queue.QueueService;
import dev.anteroom.queue.QueueSettings;
import dev.anteroom.queue.spring.QueueAlertSettings;
import dev.anteroom.tenant.Caller;
import dev.anteroom.web.JsonMerge;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
@RequestMapping(path = "/queues", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "queues", description = "Queue definitions: pace, caps, schedule, method")
class QueueController {

  private final QueueService queues;
  private final JsonMerge merge;
  private final Clock clock;
  private final int globalThreshold;

  QueueController(
      QueueService queues, JsonMerge merge, Clock clock, QueueAlertSettings alertSettings) {
    this.queues = queues;
    this.merge = merge;
    this.clock = clock;
    this.globalThreshold = alertSettings.queueThreshold();
  }

  @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a queue (the application's sk_ key, or an admin naming it)")
  QueueView create(
      // alert_queue_length left out (follow the global threshold) differs from null (off), so the
      // body stays a tree here; the document shows the fields it takes.
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = QueueRequest.class)))
          @RequestBody
          JsonNode body,
      Caller caller) {
    QueueRequest request = merge.read(body, QueueRequest.class);
    Integer alert = request.alertQueueLength(body, QueueSettings.FOLLOW_GLOBAL_THRESHOLD);
    return view(queues.create(caller, request.applicationId(), request.settings(alert)));
  }

  @GetMapping
  Page<QueueView> list(
      @RequestParam(defaultValue = "1") int page,
      @RequestParam(defaultValue = "20") int size,
      @RequestParam(name = "application_id", required = false) Long applicationId,
      Caller caller) {
    return queues
        .list(caller, new PageRequest(page, size), Optional.ofNullable(applicationId))
        .map(this::view);
  }

  @GetMapping("/{id}")
  QueueView get(@PathVariable long id, Caller caller) {
    return view(queues.get(caller, id));
  }

  @PutMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Change a queue; fields left out keep their values, null clears one")
  QueueView update(
      @PathVariable long id,
      // A merge needs to tell a field left out from a null, so the body stays a tree here; the
      // document shows the fields it takes.
      @io.swagger.v3.oas.annotations.parameters.RequestBody(
              content = @Content(schema = @Schema(implementation = QueueRequest.class)))
          @RequestBody
          JsonNode changes,
      Caller caller) {
    Queue current = queues.get(caller, id);
    QueueRequest merged = merge.merge(QueueRequest.of(current), changes, QueueRequest.class);
    if (!Long.valueOf(current.applicationId()).equals(merged.applicationId())) {
      throw new InvalidInputException(
          "application_id", "a queue cannot move to another application");
    }
    Integer alert = merged.alertQueueLength(changes, current.settings().alertQueueLength());
    return view(queues.update(caller, id, merged.settings(alert)));
  }

  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable long id, Caller caller) {
    queues.delete(caller, id);
  }

  @PostMapping("/{id}/pause")
  @Operation(summary = "Stop releasing; joins are still accepted")
  QueueView pause(@PathVariable long id, Caller caller) {
    return view(queues.setPaused(caller, id, true));
  }

  @PostMapping("/{id}/resume")
  QueueView resume(@PathVariable long id, Caller caller) {
    return view(queues.setPaused(caller, id, false));
  }

  private QueueView view(Queue queue) {
    return QueueView.of(queue, clock.instant(), globalThreshold);
  }

  record QueueRequest(
      @Schema(
              description =
                  "the application the queue belongs to: required when an admin creates it, the"
                      + " key's own application otherwise")
          Long applicationId,
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200) String name,
      @Schema(minimum = "1", maximum = "1000000", defaultValue = "60") Integer releaseRatePerMinute,
      @Schema(minimum = "1", maximum = "10000000", description = "null: no cap")
          Integer maxActiveUsers,
      @Schema(minimum = "0", maximum = "10", defaultValue = "5") Integer priority,
      @Schema(minimum = "10", maximum = "86400", defaultValue = "900") Integer accessTtlSeconds,
      @Schema(minimum = "10", maximum = "86400", defaultValue = "120") Integer idleTimeoutSeconds,
      @Schema(maxLength = 2000, description = "an absolute http(s) URL") String callbackUrl,
      @Schema(maxLength = 2000, description = "an absolute http(s) URL") String redirectUrl,
      Instant opensAt,
      @Schema(description = "after opens_at") Instant closesAt,
      @Schema(
              description = "fifo, random, passthrough or reject (in any case)",
              defaultValue = "fifo")
          String queueMethod,
      @Schema(minimum = "1", maximum = "100000000", description = "null: no cap") Integer maxSize,
      @Schema(description = "a rehearsal queue: it behaves like any other but sends no callbacks")
          Boolean simulation,
      @ArraySchema(
              arraySchema =
                  @Schema(
                      description =
                          "the callback events the queue sends; visitor.released is always sent."
                              + " null: the default, visitor.released only"),
              schema =
                  @Schema(
                      allowableValues = {
                        "visitor.released",
                        "visitor.expired",
                        "visitor.cancelled",
                        "visitor.completed"
                      }))
          List<String> callbackEvents,
      @Schema(
              minimum = "1",
              maximum = "100000000",
              nullable = true,
              description =
                  "the queue-length alert threshold of this queue: null turns the alert off for"
                      + " the queue; left out, the queue keeps its setting (on creation: it"
                      + " follows the global QUEUE_THRESHOLD)")
          Integer alertQueueLength,
      @Schema(
              description =
                  "true: the queue follows the global QUEUE_THRESHOLD again (alert_queue_length"
                      + " must then be left out)")
          Boolean alertQueueLengthFollowsGlobal,
      @Schema(
              maxLength = QueueDisplay.MAX_LOGO_URL,
              description =
                  "the logo the hosted waiting page shows: an absolute https URL (plain http"
                      + " only on localhost); the page allows images from its origin only")
          String logoUrl,
      @Schema(
              maxLength = QueueDisplay.MAX_TITLE,
              description = "the hosted waiting page's heading; null shows the queue's name")
          String title,
      @Schema(
              maxLength = QueueDisplay.MAX_MESSAGE,
              description =
                  "plain text under the heading of the hosted waiting page, shown as text (never"
                      + " read as HTML); line breaks are kept")
          String message) {

    /**
     * The stored alert setting this request asks for: a number overrides, an explicit null turns
     * the alert off, alert_queue_length_follows_global returns to the global threshold, and a
     * request that says none of it keeps {@code current}.
     */
    Integer alertQueueLength(JsonNode body, Integer current) {
      boolean sent = body.has("alert_queue_length");
      if (Boolean.TRUE.equals(alertQueueLengthFollowsGlobal)) {
        if (sent) {
          throw new InvalidInputException(
              "alert_queue_length",
              "send either alert_queue_length or alert_queue_length_follows_global: true, not"
                  + " both");
        }
        return QueueSettings.FOLLOW_GLOBAL_THRESHOLD;
      }
      if (!sent) {
        return current;
      }
      if (alertQueueLength == null) {
        return QueueSettings.NO_QUEUE_LENGTH_ALERT;
      }
      if (alertQueueLength < 1) {
        throw new InvalidInputException(
            "alert_queue_length",
            "alert_queue_length must be at least 1; null turns the queue-length alert off");
      }
      return alertQueueLength;
    }

    QueueSettings settings(Integer alert) {
      return QueueSettings.of(
              name,
              releaseRatePerMinute,
              maxActiveUsers,
              priority,
              accessTtlSeconds,
              idleTimeoutSeconds,
              callbackUrl,
              redirectUrl,
              opensAt,
              closesAt,
              queueMethod,
              maxSize,
              simulation,
              callbackEvents,
              alert)
          .withDisplay(new QueueDisplay(logoUrl, title, message));
    }

    static QueueRequest of(Queue queue) {
      QueueSettings s = queue.settings();
      return new QueueRequest(
          queue.applicationId(),
          s.name(),
          s.releaseRatePerMinute(),
          s.maxActiveUsers(),
          s.priority(),
          s.accessTtlSeconds(),
          s.idleTimeoutSeconds(),
          s.callbackUrl(),
          s.redirectUrl(),
          s.opensAt(),
          s.closesAt(),
          s.queueMethod().wireName(),
          s.maxSize(),
          s.simulation(),
          s.callbackEvents().list(),
          null,
          null,
          s.display().logoUrl(),
          s.display().title(),
          s.display().message());
    }
  }

  record QueueView(
      long id,
      long applicationId,
      String name,
      @Schema(allowableValues = {"open", "paused", "scheduled", "closed"}) String state,
      boolean paused,
      int releaseRatePerMinute,
      @Schema(nullable = true) Integer maxActiveUsers,
      int priority,
      int accessTtlSeconds,
      int idleTimeoutSeconds,
      @Schema(nullable = true) String callbackUrl,
      @Schema(nullable = true) String redirectUrl,
      @Schema(nullable = true) Instant opensAt,
      @Schema(nullable = true) Instant closesAt,
      @Schema(allowableValues = {"fifo", "random", "passthrough", "reject"}) String queueMethod,
      @Schema(nullable = true) Integer maxSize,
      boolean simulation,
      @ArraySchema(
              arraySchema =
                  @Schema(
                      description = "the callback events the queue sends, always visitor.released"))
          List<String> callbackEvents,
      @Schema(
              nullable = true,
              description =
                  "the queue-length alert threshold in force: the queue's own, else the global"
                      + " QUEUE_THRESHOLD (see alert_queue_length_follows_global); null when the"
                      + " alert is off for the queue")
          Integer alertQueueLength,
      @Schema(description = "whether alert_queue_length is the global QUEUE_THRESHOLD")
          boolean alertQueueLengthFollowsGlobal,
      @Schema(nullable = true, description = "the hosted waiting page's logo") String logoUrl,
      @Schema(
              nullable = true,
              description = "the hosted waiting page's heading; null: the page shows the name")
          String title,
      @Schema(nullable = true, description = "plain text under the hosted waiting page's heading")
          String message,
      Instant createdAt,
      Instant updatedAt) {

    static QueueView of(Queue queue, Instant now, int globalThreshold) {
      QueueSettings s = queue.settings();
      return new QueueView(
          queue.id(),
          queue.applicationId(),
          s.name(),
          queue.stateAt(now).name().toLowerCase(Locale.ROOT),
          queue.paused(),
          s.releaseRatePerMinute(),
          s.maxActiveUsers(),
          s.priority(),
          s.accessTtlSeconds(),
          s.idleTimeoutSeconds(),
          s.callbackUrl(),
          s.redirectUrl(),
          s.opensAt(),
          s.closesAt(),
          s.queueMethod().wireName(),
          s.maxSize(),
          s.simulation(),
          s.callbackEvents().list(),
          s.queueLengthThreshold(globalThreshold),
          s.followsGlobalThreshold(),
          s.display().logoUrl(),
          s.display().title(),
          s.display().message(),
          queue.createdAt(),
          queue.updatedAt());
    }
  }
}

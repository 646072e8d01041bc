package dev.anteroom.waiting.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.Caller;
import dev.anteroom.tenant.KeyKind;
import dev.anteroom.waiting.JoinRequest;
import dev.anteroom.waiting.JoinResult;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.web.CallerResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.JsonNode;

@RestController
@Tag(name = "visitors", description = "Join, wait, leave")
class VisitorController {

  private final WaitingRoom room;
  private final QueueDirectory queues;
  private final StatusStreams streams;
  private final CallerResolver callers;

  VisitorController(
      WaitingRoom room, QueueDirectory queues, StatusStreams streams, CallerResolver callers) {
    this.room = room;
    this.queues = queues;
    this.streams = streams;
    this.callers = callers;
  }

  @PostMapping(
      path = "/join",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      summary = "Join a queue (sk_ or pk_): 201 with a token and place, 200 for an existing place")
  ResponseEntity<JoinView> join(
      @RequestBody JoinBody body, Caller caller, HttpServletRequest request) {
    if (body.queueId() == null) {
      throw new InvalidInputException("queue_id", "queue_id is required");
    }
    if (body.metadata() != null && !body.metadata().isObject()) {
      throw new InvalidInputException("metadata", "metadata must be a JSON object");
    }
    JoinRequest join =
        new JoinRequest(
            body.queueId(),
            body.visitorId(),
            body.priority() == null ? 0 : body.priority(),
            body.metadata() == null ? null : body.metadata().toString(),
            Boolean.TRUE.equals(body.simulate()));
    Queue queue = room.visibleQueue(caller, join.queueId());
    requireAllowedOrigin(caller, queue, request.getHeader("Origin"));
    JoinResult result = room.join(caller, join);
    HttpStatus status = result.created() ? HttpStatus.CREATED : HttpStatus.OK;
    return ResponseEntity.status(status).body(JoinView.of(result));
  }

  @PostMapping(
      path = "/cancel",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Leave the queue; idempotent. An API key is optional: the token suffices")
  CancelView cancel(@RequestBody TokenBody body, HttpServletRequest request) {
    if (body.token() == null || body.token().isBlank()) {
      throw new InvalidInputException("token", "token is required");
    }
    VisitorState state = room.cancel(body.token(), callers.resolveIfPresent(request));
    return new CancelView(state.wireName());
  }

  @GetMapping(path = "/queue_status/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(summary = "Server-sent status events, at most one a second, ending at release")
  SseEmitter stream(@RequestParam String token) {
    return streams.open(token);
  }

  /** A browser key may only be used from the origins its application lists. */
  private void requireAllowedOrigin(Caller caller, Queue queue, String origin) {
    if (origin == null
        || !(caller instanceof Caller.ApplicationKey key)
        || key.kind() != KeyKind.PUBLISHABLE) {
      return;
    }
    var allowed =
        queues.application(queue.applicationId()).map(Application::allowedOrigins).orElse(null);
    if (allowed != null
        && !allowed.isEmpty()
        && !allowed.contains("*")
        && !allowed.contains(origin.toLowerCase(java.util.Locale.ROOT))) {
      throw new ForbiddenException("origin " + origin + " is not allowed for this application");
    }
  }

  record JoinBody(
      Long queueId, String visitorId, Integer priority, JsonNode metadata, Boolean simulate) {}

  record TokenBody(String token) {}

  record CancelView(String status) {}

  record JoinView(
      @JsonInclude(JsonInclude.Include.NON_NULL) String token,
      String status,
      Integer position,
      Long etaSeconds,
      int pollAfterSeconds,
      long queueId,
      Instant joinedAt,
      String redirectUrl,
      @JsonInclude(JsonInclude.Include.NON_NULL) String accessToken,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant accessExpiresAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Instant opensAt,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean simulated) {

    static JoinView of(JoinResult result) {
      VisitorStatus s = result.status();
      return new JoinView(
          result.token(),
          s.state().wireName(),
          s.position(),
          s.etaSeconds(),
          s.pollAfterSeconds(),
          s.queueId(),
          result.joinedAt(),
          s.redirectUrl(),
          s.accessToken(),
          s.accessExpiresAt(),
          s.opensAt(),
          result.token() == null ? Boolean.TRUE : null);
    }
  }
}

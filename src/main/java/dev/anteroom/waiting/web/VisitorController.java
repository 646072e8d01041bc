package dev.anteroom.waiting.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.web.CallerResolver;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

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

  record TokenBody(String token) {}

  record CancelView(String status) {}
}

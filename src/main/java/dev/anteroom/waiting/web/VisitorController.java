package dev.anteroom.waiting.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.waiting.VisitorState;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.waiting.web.stream.StatusStreams;
import dev.anteroom.web.CallerResolver;
import dev.anteroom.web.PageOrigins;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Cancel and the event stream. Their token is the credential, so a page's {@code Origin} is checked
 * against the application of the token's queue ({@link TokenOrigins}); which pages may read the
 * answers and send the preflights is set up in {@link WaitingWebConfiguration}.
 */
@RestController
@Tag(name = "visitors", description = "Join, wait, leave")
class VisitorController {

  private final WaitingRoom room;
  private final QueueDirectory queues;
  private final StatusStreams streams;
  private final CallerResolver callers;
  private final TokenOrigins origins;

  VisitorController(
      WaitingRoom room,
      QueueDirectory queues,
      StatusStreams streams,
      CallerResolver callers,
      TokenOrigins origins) {
    this.room = room;
    this.queues = queues;
    this.streams = streams;
    this.callers = callers;
    this.origins = origins;
  }

  @PostMapping(
      path = "/cancel",
      consumes = MediaType.APPLICATION_JSON_VALUE,
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(summary = "Leave the queue; idempotent. An API key is optional: the token suffices")
  @SecurityRequirements
  @ApiResponse(responseCode = "200", useReturnTypeSchema = true)
  @ApiResponse(responseCode = "401", description = "An X-API-Key was sent and is wrong")
  @ApiResponse(
      responseCode = "403",
      description = "origin_not_allowed: a page the token's application does not allow")
  @ApiResponse(responseCode = "404", description = "A forged or unknown token, or another's")
  @ApiResponse(responseCode = "429", description = "Too many unknown keys from this client")
  @ApiResponse(responseCode = "503", description = "The store is unavailable")
  CancelView cancel(@RequestBody TokenBody body, HttpServletRequest request) {
    if (body.token() == null || body.token().isBlank()) {
      throw new InvalidInputException("token", "token is required");
    }
    VisitorTokens.Ref ref = room.resolve(body.token());
    origins.require(request, request.getHeader(PageOrigins.ORIGIN), ref);
    VisitorState state = room.cancel(ref, callers.resolveIfPresent(request));
    return new CancelView(state.wireName());
  }

  @GetMapping(path = "/queue_status/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(summary = "Server-sent status events, at most one a second, ending at release")
  @SecurityRequirements
  @ApiResponse(
      responseCode = "200",
      description =
          "Events named status, whose data is the status poll's JSON, and comments to keep the"
              + " stream open",
      content =
          @Content(
              mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
              schema = @Schema(type = "string")))
  @ApiResponse(
      responseCode = "403",
      description = "origin_not_allowed: a page the token's application does not allow")
  @ApiResponse(responseCode = "404", description = "A forged or unknown token")
  @ApiResponse(
      responseCode = "503",
      description = "Too many streams for this visitor's application; poll instead")
  SseEmitter stream(@RequestParam String token, HttpServletRequest request) {
    VisitorTokens.Ref ref = room.resolve(token);
    origins.require(request, request.getHeader(PageOrigins.ORIGIN), ref);
    return streams.open(ref);
  }

  record TokenBody(
      @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the queue token")
          String token) {}

  record CancelView(
      @Schema(
              allowableValues = {"cancelled", "released", "expired"},
              description = "cancelled, or the final state the visitor had already reached")
          String status) {}
}

package dev.anteroom.waiting.web;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.queue.Queue;
import dev.anteroom.queue.QueueDirectory;
import dev.anteroom.tenant.Caller;
import dev.anteroom.waiting.JoinRequest;
import dev.anteroom.waiting.JoinRequests;
import dev.anteroom.waiting.JoinResult;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.web.CallerResolver;
import dev.anteroom.web.JsonProblems;
import dev.anteroom.web.Limits;
import dev.anteroom.web.PageOrigins;
import dev.anteroom.web.PathEndpoint;
import dev.anteroom.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /join}: the burst at a sale's opening is all joins, so this path, like the poll, is a
 * filter that owns its URL and answers ahead of Spring's dispatcher. It uses the same strict JSON
 * mapper, the same credentials, the same waiting room and the same problem mapping as the rest of
 * the API; only the dispatch machinery is left out. It also answers the browsers' CORS preflight
 * for the path, since the dispatcher's CORS support never sees it.
 */
final class JoinEndpoint extends PathEndpoint {

  static final String PATH = "/join";
  private static final Logger log = LoggerFactory.getLogger(JoinEndpoint.class);

  private final WaitingRoom room;
  private final QueueDirectory queues;
  private final CallerResolver callers;
  private final PageOrigins origins;
  private final JsonMapper json;
  private final JoinRequests requests;

  JoinEndpoint(
      WaitingRoom room,
      QueueDirectory queues,
      CallerResolver callers,
      PageOrigins origins,
      JsonMapper json,
      JoinRequests requests) {
    super(PATH);
    this.room = room;
    this.queues = queues;
    this.callers = callers;
    this.origins = origins;
    this.json = json;
    this.requests = requests;
  }

  @Override
  protected void serve(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    PageOrigins.allowReading(response, request.getHeader(PageOrigins.ORIGIN));
    switch (request.getMethod()) {
      case "POST" -> {
        try {
          post(request, response);
        } finally {
          requests.answered(response.getStatus());
        }
      }
      case "OPTIONS" -> PageOrigins.preflight(response, "POST");
      default -> methodNotAllowed(request, response, "POST, OPTIONS");
    }
  }

  private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
    try {
      String contentType = request.getContentType();
      if (contentType == null
          || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
        Problems.write(
            request,
            response,
            415,
            "unsupported_media_type",
            "content type " + contentType + " is not supported; send application/json",
            null);
        return;
      }
      byte[] body = readBody(request);
      if (body == null) {
        Problems.writeBodyTooLarge(request, response);
        return;
      }
      Caller caller = callers.resolve(request);
      JoinRequest join = parse(body);
      Queue queue = room.visibleQueue(caller, join.queueId());
      origins.requireForKey(caller, queues.application(queue.applicationId()), request);
      JoinResult result = room.join(caller, join);
      byte[] answer = StatusJson.write(result);
      response.setStatus(result.created() ? 201 : 200);
      StatusEndpoint.addLine(
          response, request.getHeader(PageOrigins.ORIGIN), room.followLine(queue.id(), 0));
      response.setContentType("application/json");
      response.setContentLength(answer.length);
      response.getOutputStream().write(answer);
    } catch (AnteroomException e) {
      Problems.write(request, response, e);
    } catch (JacksonException e) {
      Problems.write(request, response, JsonProblems.describe(e));
    } catch (RuntimeException e) {
      Problems.writeFailure(request, response, e, log, "join failed");
    }
  }

  private JoinRequest parse(byte[] body) {
    if (body.length == 0) {
      throw new InvalidInputException(null, "a JSON body is required for this request");
    }
    JoinBody parsed = json.readValue(body, JoinBody.class);
    if (parsed == null) {
      throw new InvalidInputException(null, "the body must be a JSON object");
    }
    if (parsed.queueId() == null) {
      throw new InvalidInputException("queue_id", "queue_id is required");
    }
    if (parsed.metadata() != null && !parsed.metadata().isObject()) {
      throw new InvalidInputException("metadata", "metadata must be a JSON object");
    }
    return new JoinRequest(
        parsed.queueId(),
        parsed.visitorId(),
        parsed.priority() == null ? 0 : parsed.priority(),
        parsed.metadata() == null ? null : parsed.metadata().toString(),
        Boolean.TRUE.equals(parsed.simulate()),
        signature(parsed));
  }

  /** The signature fields come together or not at all. */
  private static JoinRequest.SignedVisitorId signature(JoinBody parsed) {
    if (parsed.visitorExpiresAt() == null && parsed.visitorSignature() == null) {
      return null;
    }
    if (parsed.visitorSignature() == null) {
      throw new InvalidInputException(
          "visitor_signature", "visitor_signature is required with visitor_expires_at");
    }
    if (parsed.visitorExpiresAt() == null) {
      throw new InvalidInputException(
          "visitor_expires_at",
          "visitor_expires_at (epoch seconds) is required with visitor_signature");
    }
    return new JoinRequest.SignedVisitorId(
        parsed.visitorId(), parsed.visitorExpiresAt(), parsed.visitorSignature());
  }

  /** The body, or null when it is over the limit (announced or not). */
  private static byte[] readBody(HttpServletRequest request) throws IOException {
    if (request.getContentLengthLong() > Limits.BODY_BYTES) {
      return null;
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(Limits.BODY_BYTES + 1);
      return body.length > Limits.BODY_BYTES ? null : body;
    }
  }

  /**
   * The join body: {@code queue_id} is required; a secret key alone may set a priority; with a
   * publishable key a {@code visitor_id} needs its signature.
   */
  record JoinBody(
      Long queueId,
      String visitorId,
      Long visitorExpiresAt,
      String visitorSignature,
      Integer priority,
      JsonNode metadata,
      Boolean simulate) {}
}

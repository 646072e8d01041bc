package dev.anteroom.waiting.web;

import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.VisitorTokens;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.web.PageOrigins;
import dev.anteroom.web.PathEndpoint;
import dev.anteroom.web.Problems;
import dev.anteroom.web.QueryStrings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /queue_status?token=...}, the poll every waiting visitor makes every few seconds. It
 * is a filter mapped to this one path and ordered first, and it answers without passing the request
 * on: no other filter (observation, encoding, request context), no dispatcher, no Jackson. It
 * writes bytes it built itself and counts polls with an adder. The token is the credential, so
 * browsers call it without headers; a page's {@code Origin} must be one the application of the
 * token's queue allows ({@link TokenOrigins}). A request without one, the common case of a tenant's
 * server or a same-origin page, costs nothing more.
 */
final class StatusEndpoint extends PathEndpoint {

  static final String PATH = "/queue_status";
  private static final Logger log = LoggerFactory.getLogger(StatusEndpoint.class);

  private final WaitingRoom room;
  private final TokenOrigins origins;
  private final LongAdder polls;

  StatusEndpoint(WaitingRoom room, TokenOrigins origins, LongAdder polls) {
    super(PATH);
    this.room = room;
    this.origins = origins;
    this.polls = polls;
  }

  @Override
  protected void serve(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    String origin = request.getHeader(PageOrigins.ORIGIN);
    PageOrigins.allowReading(response, origin);
    if (!"GET".equals(request.getMethod())) {
      if ("OPTIONS".equals(request.getMethod())) {
        PageOrigins.preflight(response, "GET");
      } else {
        methodNotAllowed(request, response, "GET, OPTIONS");
      }
      return;
    }
    polls.increment();
    String token;
    try {
      token = token(request.getQueryString());
    } catch (InvalidInputException e) {
      Problems.write(request, response, e);
      return;
    }
    if (token == null || token.isEmpty()) {
      Problems.write(
          request, response, 400, "invalid_input", "query parameter 'token' is required", "token");
      return;
    }
    VisitorStatus status;
    try {
      VisitorTokens.Ref ref = room.resolve(token);
      origins.require(request, origin, ref);
      status = room.status(ref, true);
    } catch (NotFoundException | ForbiddenException e) {
      Problems.write(request, response, e);
      return;
    } catch (RuntimeException e) {
      Problems.writeFailure(request, response, e, log, "status poll failed");
      return;
    }
    byte[] body = StatusJson.write(status);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    // A client that polls before it was told to gets its browser's copy, not another request.
    response.addHeader(
        "Cache-Control", "private, max-age=" + Math.max(0, status.pollAfterSeconds() - 1));
    response.getOutputStream().write(body);
  }

  /**
   * The token parameter, read without building the container's parameter map; a value that is not
   * UTF-8 percent-encoding is refused here too, though the request checks ahead refuse it first.
   */
  static String token(String query) {
    if (query == null) {
      return null;
    }
    int from = 0;
    while (from < query.length()) {
      int end = query.indexOf('&', from);
      if (end < 0) {
        end = query.length();
      }
      if (query.startsWith("token=", from)) {
        return QueryStrings.decode("token", query.substring(from + 6, end));
      }
      from = end + 1;
    }
    return null;
  }
}

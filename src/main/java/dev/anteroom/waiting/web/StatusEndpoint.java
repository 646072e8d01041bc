package dev.anteroom.waiting.web;

import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.WaitingRoom;
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
 * browsers and {@code EventSource} call it without headers, and the answer is readable from any
 * origin for the same reason.
 */
final class StatusEndpoint extends PathEndpoint {

  static final String PATH = "/queue_status";
  private static final Logger log = LoggerFactory.getLogger(StatusEndpoint.class);

  private final WaitingRoom room;
  private final LongAdder polls;

  StatusEndpoint(WaitingRoom room, LongAdder polls) {
    super(PATH);
    this.room = room;
    this.polls = polls;
  }

  @Override
  protected void serve(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"GET".equals(request.getMethod())) {
      methodNotAllowed(request, response, "GET");
      return;
    }
    polls.increment();
    // addHeader, not setHeader: the response is fresh, so there is nothing to look up and replace.
    response.addHeader("Access-Control-Allow-Origin", "*");
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
      status = room.status(token);
    } catch (NotFoundException e) {
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

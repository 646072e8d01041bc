package dev.anteroom.waiting.web;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.web.PathEndpoint;
import dev.anteroom.web.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
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
    response.setHeader("Access-Control-Allow-Origin", "*");
    String token = token(request.getQueryString());
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
      log.error("status poll failed", e);
      Problems.write(
          request,
          response,
          500,
          "internal_error",
          "an internal error occurred; it is logged",
          null);
      return;
    }
    byte[] body = StatusJson.write(status).getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.setContentType("application/json");
    response.setContentLength(body.length);
    // A client that polls before it was told to gets its browser's copy, not another request.
    response.setHeader(
        "Cache-Control", "private, max-age=" + Math.max(0, status.pollAfterSeconds() - 1));
    response.getOutputStream().write(body);
  }

  /** The token parameter, read without building the container's parameter map. */
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
        String value = query.substring(from + 6, end);
        return value.indexOf('%') >= 0 || value.indexOf('+') >= 0
            ? URLDecoder.decode(value, StandardCharsets.UTF_8)
            : value;
      }
      from = end + 1;
    }
    return null;
  }
}

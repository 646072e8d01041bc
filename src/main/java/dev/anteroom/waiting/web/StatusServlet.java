package dev.anteroom.waiting.web;

import dev.anteroom.common.NotFoundException;
import dev.anteroom.waiting.VisitorStatus;
import dev.anteroom.waiting.WaitingRoom;
import dev.anteroom.web.Problems;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /queue_status?token=...}, the poll every waiting visitor makes every few seconds. A
 * plain servlet outside Spring's dispatcher, writing bytes it built itself: no handler lookup, no
 * Jackson, no per-request observation (it is counted with a cheap adder instead). The token is the
 * credential, so browsers and {@code EventSource} can call it without headers; the answer is
 * readable from any origin for the same reason.
 */
final class StatusServlet extends HttpServlet {

  private static final Logger log = LoggerFactory.getLogger(StatusServlet.class);

  private final transient WaitingRoom room;
  private final transient LongAdder requests;

  StatusServlet(WaitingRoom room, LongAdder requests) {
    this.room = room;
    this.requests = requests;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    requests.increment();
    response.setHeader("Access-Control-Allow-Origin", "*");
    String token = request.getParameter("token");
    if (token == null || token.isBlank()) {
      Problems.write(response, 400, "invalid_input", "query parameter 'token' is required");
      return;
    }
    VisitorStatus status;
    try {
      status = room.status(token);
    } catch (NotFoundException e) {
      Problems.write(response, 404, e.code(), e.getMessage());
      return;
    } catch (RuntimeException e) {
      log.error("status poll failed", e);
      Problems.write(response, 500, "internal_error", "an internal error occurred; it is logged");
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
}

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
  static final String LINE_HEADER = "Anteroom-Line";
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
    long line;
    try {
      VisitorTokens.Ref ref = room.resolve(token);
      origins.require(request, origin, ref);
      line = room.followLine(ref.queueId(), seenLine(request.getQueryString()));
      status = room.status(ref, true);
      // The number the answer reflects exactly: the copy moves with its number under one lock, so
      // an answer read while the number stood still is that number's. Asked again (rarely) if
      // the copy moved meanwhile; after a few tries the later number is sent, which is at least
      // as far as the answer.
      for (int tries = 0; tries < 3; tries++) {
        long after = room.followLine(ref.queueId(), 0);
        if (after == line) {
          break;
        }
        line = after;
        status = room.status(ref, false);
      }
      line = Math.max(line, room.followLine(ref.queueId(), 0));
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
    addLine(response, origin, line);
    response.getOutputStream().write(body);
  }

  /**
   * With several nodes: how far an answer reflects the line (0: a node alone, no header); the next
   * poll sends it back as {@code ?line=}, so whichever node answers is at least that far.
   */
  static void addLine(HttpServletResponse response, String origin, long line) {
    if (line > 0) {
      response.addHeader(LINE_HEADER, Long.toString(line));
      if (origin != null) {
        response.addHeader("Access-Control-Expose-Headers", LINE_HEADER);
      }
    }
  }

  /** The {@code line} parameter: a number another node's answer gave, or 0 (none, or garbage). */
  static long seenLine(String query) {
    String value = parameter(query, "line=");
    if (value == null || value.isEmpty() || value.length() > 18) {
      return 0;
    }
    long line = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      line = line * 10 + (c - '0');
    }
    return line;
  }

  /**
   * The token parameter, read without building the container's parameter map; a value that is not
   * UTF-8 percent-encoding is refused here too, though the request checks ahead refuse it first.
   */
  static String token(String query) {
    String raw = parameter(query, "token=");
    return raw == null ? null : QueryStrings.decode("token", raw);
  }

  /** The raw value of the first {@code name=} parameter, or null. */
  private static String parameter(String query, String name) {
    if (query == null) {
      return null;
    }
    int from = 0;
    while (from < query.length()) {
      int end = query.indexOf('&', from);
      if (end < 0) {
        end = query.length();
      }
      if (query.startsWith(name, from)) {
        return query.substring(from + name.length(), end);
      }
      from = end + 1;
    }
    return null;
  }
}

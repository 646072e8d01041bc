package dev.anteroom.web;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.ConflictException;
import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.TooManyRequestsException;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.common.UnavailableException;
import dev.anteroom.common.jdbc.DatabaseFailures;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Writes an {@code application/problem+json} answer by hand, for the places that answer outside
 * Spring MVC (filters and the lean status servlet).
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";

  private Problems() {}

  /** The status code for each kind of failure; the one mapping MVC and the lean paths share. */
  public static int statusOf(AnteroomException e) {
    if (e instanceof NotFoundException) {
      return 404;
    }
    if (e instanceof UnauthenticatedException) {
      return 401;
    }
    if (e instanceof ForbiddenException) {
      return 403;
    }
    if (e instanceof ConflictException) {
      return 409;
    }
    if (e instanceof UnavailableException) {
      return 503;
    }
    if (e instanceof TooManyRequestsException) {
      return 429;
    }
    return 400;
  }

  /**
   * The problem for a failure that escaped the core: itself if it is one of ours, a 503 {@code
   * store_unavailable} (with {@code Retry-After}) if the database is down, closed or too slow, and
   * empty for anything else, which is a bug. MVC and the lean filters share this mapping.
   */
  public static Optional<AnteroomException> forFailure(RuntimeException e) {
    if (e instanceof AnteroomException known) {
      return Optional.of(known);
    }
    if (DatabaseFailures.isUnavailable(e)) {
      return Optional.of(DatabaseFailures.unavailable(e));
    }
    return Optional.empty();
  }

  /**
   * Answers a failure a lean path did not expect: see {@link #forFailure}. A bug is answered 500
   * and logged with its stack; an unavailable database is not logged per request (the connection
   * circuit reports each outage once).
   */
  public static void writeFailure(
      HttpServletResponse response, RuntimeException e, Logger log, String what)
      throws IOException {
    Optional<AnteroomException> known = forFailure(e);
    if (known.isPresent()) {
      log.debug("{}: {}", what, e.toString());
      write(response, known.get());
      return;
    }
    log.error(what, e);
    write(response, 500, "internal_error", "an internal error occurred; it is logged");
  }

  /** What a client should be told, in headers, besides the problem itself. */
  public static void addHeaders(AnteroomException e, HttpHeaderSink headers) {
    if (e instanceof UnauthenticatedException) {
      headers.set("WWW-Authenticate", "Bearer, ApiKey header=\"X-API-Key\"");
    }
    e.retryAfter().ifPresent(wait -> headers.set("Retry-After", retryAfterSeconds(wait)));
  }

  static String retryAfterSeconds(Duration wait) {
    return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  /** Writes a failure of the core as a problem, with its status, code, field and headers. */
  public static void write(HttpServletResponse response, AnteroomException e) throws IOException {
    addHeaders(e, response::setHeader);
    String field = e instanceof InvalidInputException invalid ? invalid.field() : null;
    write(response, statusOf(e), e.code(), e.getMessage(), field);
  }

  /** The 413 for a body over {@link Limits#BODY_BYTES}. */
  public static void writeBodyTooLarge(HttpServletResponse response) throws IOException {
    write(response, 413, "body_too_large", Limits.BODY_TOO_LARGE);
  }

  public static void write(HttpServletResponse response, int status, String code, String detail)
      throws IOException {
    write(response, status, code, detail, null);
  }

  private static void write(
      HttpServletResponse response, int status, String code, String detail, String field)
      throws IOException {
    byte[] body = json(status, code, detail, field).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static String json(int status, String code, String detail, String field) {
    return "{\"type\":\"about:blank\",\"title\":"
        + quote(title(status))
        + ",\"status\":"
        + status
        + ",\"detail\":"
        + quote(detail)
        + ",\"code\":"
        + quote(code)
        + (field == null ? "" : ",\"field\":" + quote(field))
        + "}";
  }

  /** Where {@link #addHeaders} puts headers: a servlet response or Spring's HttpHeaders. */
  @FunctionalInterface
  public interface HttpHeaderSink {
    void set(String name, String value);
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Error";
    };
  }

  /** A JSON string literal. */
  public static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

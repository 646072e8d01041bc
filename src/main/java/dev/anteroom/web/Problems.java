package dev.anteroom.web;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.ConflictException;
import dev.anteroom.common.ForbiddenException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.JsonStrings;
import dev.anteroom.common.NotFoundException;
import dev.anteroom.common.TooManyRequestsException;
import dev.anteroom.common.UnauthenticatedException;
import dev.anteroom.common.UnavailableException;
import dev.anteroom.common.jdbc.DatabaseFailures;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * The one shape of every error answer ({@code application/problem+json}, RFC 9457): {@code type},
 * {@code title}, {@code status}, {@code detail}, {@code instance} (the request path), a
 * machine-readable {@code code} and, when one field is at fault, {@code field}. Written by hand for
 * the places that answer outside Spring MVC (the lean filters), and built by {@link #of} for {@link
 * ProblemAdvice} and the error controller.
 */
public final class Problems {

  public static final String CONTENT_TYPE = "application/problem+json";

  /** RFC 9457's type for a problem that the status code and {@code code} say all about. */
  static final URI ABOUT_BLANK = URI.create("about:blank");

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
      HttpServletRequest request,
      HttpServletResponse response,
      RuntimeException e,
      Logger log,
      String what)
      throws IOException {
    Optional<AnteroomException> known = forFailure(e);
    if (known.isPresent()) {
      log.debug("{}: {}", what, e.toString());
      write(request, response, known.get());
      return;
    }
    log.error(what, e);
    write(
        request, response, 500, "internal_error", "an internal error occurred; it is logged", null);
  }

  /** What a client should be told, in headers, besides the problem itself. */
  public static void addHeaders(AnteroomException e, HttpHeaderSink headers) {
    if (e instanceof UnauthenticatedException) {
      headers.set("WWW-Authenticate", "Bearer, ApiKey header=\"X-API-Key\"");
    }
    e.retryAfter().ifPresent(wait -> headers.set("Retry-After", retryAfterSeconds(wait)));
  }

  /** A wait as {@code Retry-After} says it: whole seconds, rounded up, at least one. */
  public static String retryAfterSeconds(Duration wait) {
    return Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000));
  }

  /** Writes a failure of the core as a problem, with its status, code, field and headers. */
  public static void write(
      HttpServletRequest request, HttpServletResponse response, AnteroomException e)
      throws IOException {
    addHeaders(e, response::setHeader);
    write(request, response, statusOf(e), e.code(), e.getMessage(), fieldOf(e));
  }

  /** The 413 for a body over {@link Limits#BODY_BYTES}. */
  public static void writeBodyTooLarge(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    write(request, response, 413, "body_too_large", Limits.BODY_TOO_LARGE, null);
  }

  /**
   * Writes a problem: the same members in the same form as {@link #of} gives the MVC answers, with
   * the request's path as {@code instance}.
   */
  public static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String code,
      String detail,
      String field)
      throws IOException {
    byte[] body =
        json(status, code, detail, field, request.getRequestURI()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType(CONTENT_TYPE);
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  static String json(int status, String code, String detail, String field, String instance) {
    return "{\"type\":\"about:blank\",\"title\":"
        + quote(title(status))
        + ",\"status\":"
        + status
        + ",\"detail\":"
        + quote(detail)
        + ",\"instance\":"
        + quote(instance)
        + ",\"code\":"
        + quote(code)
        + (field == null ? "" : ",\"field\":" + quote(field))
        + "}";
  }

  /**
   * The problem document of an MVC answer: {@code type}, {@code title}, {@code status}, {@code
   * detail}, {@code code} and, when one field is at fault, {@code field}; Spring adds the request
   * path as {@code instance} when it writes it.
   */
  public static ProblemDetail of(HttpStatusCode status, String code, String detail, String field) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(ABOUT_BLANK);
    problem.setTitle(title(status.value()));
    problem.setProperty("code", code);
    if (field != null) {
      problem.setProperty("field", field);
    }
    return problem;
  }

  /** The field a failure names, if any. */
  public static String fieldOf(AnteroomException e) {
    return e instanceof InvalidInputException invalid ? invalid.field() : null;
  }

  /** Where {@link #addHeaders} puts headers: a servlet response or Spring's HttpHeaders. */
  @FunctionalInterface
  public interface HttpHeaderSink {
    void set(String name, String value);
  }

  /** The status's reason phrase, as RFC 9457 asks of the title of an {@code about:blank} type. */
  static String title(int status) {
    HttpStatus known = HttpStatus.resolve(status);
    if (known != null) {
      return known.getReasonPhrase();
    }
    return status >= 500 ? "Internal Server Error" : "Error";
  }

  /** A JSON string literal. */
  public static String quote(String text) {
    return JsonStrings.quote(text);
  }
}

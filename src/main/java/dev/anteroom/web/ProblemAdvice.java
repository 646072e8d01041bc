package dev.anteroom.web;

import dev.anteroom.common.AnteroomException;
import dev.anteroom.common.ConflictException;
import dev.anteroom.common.InvalidInputException;
import dev.anteroom.common.jdbc.DatabaseFailures;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

/**
 * The single place where failures become {@code application/problem+json} (RFC 9457) answers. Every
 * detail says what was wrong; nothing internal (stack traces, SQL) reaches a client.
 */
@RestControllerAdvice
class ProblemAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

  @ExceptionHandler(AnteroomException.class)
  ResponseEntity<ProblemDetail> anteroom(AnteroomException e) {
    HttpStatus status = statusOf(e);
    HttpHeaders headers = new HttpHeaders();
    Problems.addHeaders(e, headers::set);
    return ResponseEntity.status(status).headers(headers).body(problem(status, e));
  }

  @ExceptionHandler(JacksonException.class)
  ResponseEntity<ProblemDetail> json(JacksonException e) {
    return anteroom(JsonProblems.describe(e));
  }

  @ExceptionHandler(DataIntegrityViolationException.class)
  ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
    // H2 reports a closed database inside a constraint failure: that is an outage, not a clash.
    if (DatabaseFailures.isUnavailable(e)) {
      return unavailable(e);
    }
    log.warn("constraint violation not caught by a store", e);
    return anteroom(
        new ConflictException(
            "conflict", "the change clashes with existing data; reload and retry"));
  }

  @ExceptionHandler(MethodArgumentTypeMismatchException.class)
  ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
    String expected =
        e.getRequiredType() != null && Number.class.isAssignableFrom(boxed(e.getRequiredType()))
            ? "a whole number in range, written with the digits 0-9"
            : "of another type";
    return anteroom(
        new InvalidInputException(e.getName(), "'" + e.getName() + "' must be " + expected));
  }

  /**
   * Tomcat's failure to parse parameters. {@link MalformedRequestFilter} refuses such queries
   * first; this keeps any it misses a 400 rather than a 500.
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ProblemDetail> unreadableParameters(InvalidParameterException e) {
    return anteroom(
        new InvalidInputException(
            null, "the query string could not be read as UTF-8 percent-encoded parameters"));
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    if (e instanceof RuntimeException runtime && DatabaseFailures.isUnavailable(runtime)) {
      return unavailable(runtime);
    }
    log.error("unexpected failure", e);
    return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
        .body(
            Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal_error",
                "an internal error occurred; it has been logged",
                null));
  }

  /** Not logged per request: the connection circuit reports each outage once. */
  private ResponseEntity<ProblemDetail> unavailable(RuntimeException e) {
    log.debug("database unavailable: {}", e.toString());
    return anteroom(DatabaseFailures.unavailable(e));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    // The size limit can trip while Jackson is inside a field, so look for it along the whole
    // chain before taking the first parse failure as the answer.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BodyTooLargeException tooLarge) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
            .body(
                Problems.of(
                    HttpStatus.CONTENT_TOO_LARGE, "body_too_large", tooLarge.getMessage(), null));
      }
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof AnteroomException known) {
        return ResponseEntity.status(statusOf(known)).body(problem(statusOf(known), known));
      }
      if (cause instanceof JacksonException jackson) {
        InvalidInputException described = JsonProblems.describe(jackson);
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, described));
      }
    }
    InvalidInputException missing =
        new InvalidInputException(null, "a JSON body is required for this request");
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, missing));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String sent = e.getContentType() == null ? "none" : e.getContentType().toString();
    ProblemDetail body =
        Problems.of(
            status,
            "unsupported_media_type",
            "content type " + sent + " is not supported; send application/json",
            null);
    return ResponseEntity.status(status).headers(headers).body(body);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    InvalidInputException missing =
        new InvalidInputException(
            e.getParameterName(), "query parameter '" + e.getParameterName() + "' is required");
    return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, missing));
  }

  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(e, body, headers, status, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      // Spring's own answers (405, 406, ...) take the shape of every other problem.
      problem.setType(Problems.ABOUT_BLANK);
      problem.setTitle(Problems.title(status.value()));
      if (problem.getProperties() == null || !problem.getProperties().containsKey("code")) {
        problem.setProperty("code", "http_" + status.value());
      }
    }
    return response;
  }

  static HttpStatus statusOf(AnteroomException e) {
    return HttpStatus.valueOf(Problems.statusOf(e));
  }

  private static ProblemDetail problem(HttpStatus status, AnteroomException e) {
    return Problems.of(status, e.code(), e.getMessage(), Problems.fieldOf(e));
  }

  private static Class<?> boxed(Class<?> type) {
    if (type == long.class) {
      return Long.class;
    }
    if (type == int.class) {
      return Integer.class;
    }
    return type;
  }
}

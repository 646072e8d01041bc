package dev.anteroom.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers the errors that never reach a controller (the container's own 404s and 500s, failures in
 * filters) as problem documents too, in place of Spring Boot's default error body. The error path
 * is not an endpoint: called directly it is a 404, and it is left out of the API document.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        request.getDispatcherType() != DispatcherType.ERROR
            ? HttpStatus.NOT_FOUND
            : code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value)
                : HttpStatus.INTERNAL_SERVER_ERROR;
    String detail =
        switch (status) {
          case NOT_FOUND -> "no resource at this path";
          case METHOD_NOT_ALLOWED -> "this method is not allowed here";
          case BAD_REQUEST -> "the request could not be understood";
          default ->
              status.is5xxServerError()
                  ? "an internal error occurred; it has been logged"
                  : status.getReasonPhrase();
        };
    ProblemDetail body =
        Problems.of(
            status,
            status.is5xxServerError() ? "internal_error" : "http_" + status.value(),
            detail,
            null);
    // The path the client asked for, not the error page's own.
    if (request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String path) {
      try {
        body.setInstance(URI.create(path));
      } catch (IllegalArgumentException notAUri) {
        // leave Spring's default: a path that is no URI cannot be named as one
      }
    }
    return ResponseEntity.status(status).body(body);
  }
}

package dev.anteroom.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's own error answers as problem documents. Tomcat refuses some requests before any filter
 * or servlet sees them (an undecodable or encoded-NUL path, an encoded slash, a character the
 * request line may not carry) and writes them through this valve, which by default renders an HTML
 * page. The detail is worked out from the raw request target, so it does not depend on the language
 * of Tomcat's messages and never echoes the input.
 */
final class ProblemReportValve extends ErrorReportValve {

  @Override
  protected void report(Request request, Response response, Throwable throwable) {
    int status = response.getStatus();
    if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
      return;
    }
    AtomicBoolean ioAllowed = new AtomicBoolean(true);
    response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
    if (!ioAllowed.get()) {
      return;
    }
    String target = target(request);
    String body = Problems.json(status, code(status), detail(status, target), null, pathOf(target));
    try {
      response.setContentType(Problems.CONTENT_TYPE);
      response.setCharacterEncoding("UTF-8");
      Writer writer = response.getReporter();
      if (writer != null) {
        writer.write(body);
        response.finishResponse();
      }
    } catch (IOException | IllegalStateException clientGone) {
      // Nothing more can be told to a client whose connection is gone.
    }
  }

  /** The raw request target as far as Tomcat read it, or null when it read none. */
  private static String target(Request request) {
    String path = request.getCoyoteRequest().requestURI().toString();
    String query = request.getCoyoteRequest().queryString().toString();
    return query == null || query.isEmpty() ? path : path + "?" + query;
  }

  static String code(int status) {
    if (status == 400) {
      return "malformed_request";
    }
    return status >= 500 ? "internal_error" : "http_" + status;
  }

  static String detail(int status, String rawTarget) {
    if (status == 400) {
      return RejectedTargets.describe(rawTarget);
    }
    if (status == 404) {
      return "no resource at this path";
    }
    return status >= 500
        ? "an internal error occurred; it has been logged"
        : Problems.title(status);
  }

  /** The path part of a raw request target, as {@code instance}; null when Tomcat read none. */
  private static String pathOf(String target) {
    if (target == null) {
      return null;
    }
    int query = target.indexOf('?');
    return query < 0 ? target : target.substring(0, query);
  }
}

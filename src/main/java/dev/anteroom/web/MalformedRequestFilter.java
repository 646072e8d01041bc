package dev.anteroom.web;

import dev.anteroom.common.InvalidInputException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Refuses what no endpoint can read, before any of them tries: a query string that is not UTF-8
 * percent-encoding (400 naming the parameter; Tomcat would otherwise fail inside whichever handler
 * first asks for a parameter) and a body declared in a charset other than UTF-8 (415; JSON between
 * systems is UTF-8, RFC 8259). The lean endpoints are answered ahead of every filter, so {@link
 * PathEndpoint} applies the same checks.
 */
final class MalformedRequestFilter implements Filter {

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!refused((HttpServletRequest) req, (HttpServletResponse) res)) {
      chain.doFilter(req, res);
    }
  }

  /** Answers a malformed request with a problem and returns true; else returns false. */
  static boolean refused(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InvalidInputException query = QueryStrings.check(request.getQueryString());
    if (query != null) {
      Problems.write(request, response, query);
      return true;
    }
    String charset = foreignCharset(request);
    if (charset != null) {
      Problems.write(
          request,
          response,
          415,
          "unsupported_media_type",
          "charset "
              + charset
              + " is not supported: send the body as UTF-8 JSON"
              + " (Content-Type: application/json)",
          null);
      return true;
    }
    return false;
  }

  /** The charset a body declares when it is not UTF-8, or null. */
  private static String foreignCharset(HttpServletRequest request) {
    if (request.getContentLengthLong() <= 0 && request.getHeader("Transfer-Encoding") == null) {
      return null;
    }
    String contentType = request.getHeader("Content-Type");
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0
          && parameter.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals("charset")) {
        String name = parameter.substring(equals + 1).strip().replace("\"", "");
        return isUtf8(name) ? null : name.substring(0, Math.min(name.length(), 40));
      }
    }
    return null;
  }

  private static boolean isUtf8(String name) {
    try {
      return Charset.forName(name).equals(StandardCharsets.UTF_8);
    } catch (IllegalArgumentException unknownOrIllegal) {
      return false;
    }
  }
}

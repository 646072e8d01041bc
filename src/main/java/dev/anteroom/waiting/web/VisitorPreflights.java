package dev.anteroom.waiting.web;

import dev.anteroom.web.PageOrigins;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Answers the preflights of {@code /cancel} and the status stream the way join and the poll answer
 * theirs: for any page, with the one method the path takes, never refused (a refusal from the
 * framework's CORS handling would be plain text, not a problem). The real request is what gets
 * checked, against the allowed origins of the token's application.
 */
final class VisitorPreflights extends HttpFilter {

  private final String method;

  VisitorPreflights(String method) {
    this.method = method;
  }

  @Override
  protected void doFilter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String origin = request.getHeader(PageOrigins.ORIGIN);
    if ("OPTIONS".equals(request.getMethod())
        && origin != null
        && request.getHeader("Access-Control-Request-Method") != null) {
      PageOrigins.allowReading(response, origin);
      PageOrigins.preflight(response, method);
      return;
    }
    chain.doFilter(request, response);
  }
}

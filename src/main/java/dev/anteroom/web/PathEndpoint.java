package dev.anteroom.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A filter that owns one path and answers it itself, never passing the request on: registered first
 * and mapped to that path alone, it keeps the hottest endpoints clear of every other filter and of
 * Spring's dispatcher. Anything else that reaches it goes down the chain. Since it runs ahead of
 * {@link MalformedRequestFilter}, it refuses what that filter refuses before serving.
 */
public abstract class PathEndpoint implements Filter {

  private final String path;

  protected PathEndpoint(String path) {
    this.path = path;
  }

  public String path() {
    return path;
  }

  @Override
  public final void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    if (!path.equals(request.getRequestURI())) {
      chain.doFilter(req, res);
      return;
    }
    HttpServletResponse response = (HttpServletResponse) res;
    if (!MalformedRequestFilter.refused(request, response)) {
      serve(request, response);
    }
  }

  protected abstract void serve(HttpServletRequest request, HttpServletResponse response)
      throws IOException;

  /** The answer to a method the path does not take. */
  protected void methodNotAllowed(
      HttpServletRequest request, HttpServletResponse response, String allowed) throws IOException {
    response.setHeader("Allow", allowed);
    Problems.write(
        request, response, 405, "http_405", "only " + allowed + " is allowed on " + path, null);
  }
}

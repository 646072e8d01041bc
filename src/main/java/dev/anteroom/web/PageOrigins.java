package dev.anteroom.web;

import dev.anteroom.tenant.AllowedOrigins;
import dev.anteroom.tenant.Application;
import dev.anteroom.tenant.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;

/**
 * The browser side of {@link AllowedOrigins}: reads a request's {@code Origin}, and Anteroom's own
 * origin as the request sees it (scheme, host and port; behind a proxy, what the server's {@code
 * server.forward-headers-strategy} makes of its forwarded headers), so that the hosted waiting page
 * on Anteroom's own origin is always same-origin; a browser's {@code Sec-Fetch-Site: same-origin}
 * says so too, where the proxy forwards nothing.
 *
 * <p>A page that sends an {@code Origin} may read every answer, the refusal included: the answers
 * carry no cookies and nothing a page's own origin does not already know, and a page that can read
 * {@code origin_not_allowed} can say why it stops instead of retrying a "network error" forever.
 * The refusal itself is the 403, not the missing header.
 */
public final class PageOrigins {

  public static final String ORIGIN = "Origin";
  static final String SEC_FETCH_SITE = "Sec-Fetch-Site";

  private final AllowedOrigins origins;

  public PageOrigins(AllowedOrigins origins) {
    this.origins = origins;
  }

  /** Refuses a publishable key used from a page its application does not allow. */
  public void requireForKey(
      Caller caller, Optional<Application> application, HttpServletRequest request) {
    if (!fetchedFromOwnPage(request)) {
      origins.checkKey(caller, application, request.getHeader(ORIGIN), () -> own(request));
    }
  }

  /**
   * Refuses a queue token used from a page its application does not allow.
   *
   * @param origin the request's {@code Origin}, or null
   */
  public void requireForToken(
      Optional<Application> application, String origin, HttpServletRequest request) {
    if (!fetchedFromOwnPage(request)) {
      origins.checkPage(application, origin, () -> own(request));
    }
  }

  /**
   * Whether the browser says the request comes from a page on Anteroom's own origin: {@code
   * Sec-Fetch-Site} is set by the browser and no script can set or change it. It holds where the
   * comparison of {@code Origin} with the request's own scheme and host cannot, behind a proxy that
   * ends TLS without forwarding headers. A client that is not a browser could send it, but such a
   * client can as well leave out {@code Origin}, which is never checked.
   */
  static boolean fetchedFromOwnPage(HttpServletRequest request) {
    return "same-origin".equals(request.getHeader(SEC_FETCH_SITE));
  }

  /** Anteroom's origin as this request reached it. */
  static String own(HttpServletRequest request) {
    return AllowedOrigins.of(request.getScheme(), request.getServerName(), request.getServerPort());
  }

  /**
   * Lets the page that sent {@code origin} read the answer; nothing when there is no {@code Origin}
   * (not a browser page, or a same-origin GET).
   */
  public static void allowReading(HttpServletResponse response, String origin) {
    if (origin != null) {
      // addHeader, not setHeader: the response is fresh, so there is nothing to look up and
      // replace.
      response.addHeader("Access-Control-Allow-Origin", origin);
      response.addHeader("Vary", ORIGIN);
    }
  }

  /**
   * The answer to a preflight, for any page: a preflight carries neither the key's value nor the
   * token, so it cannot tell which application is asked; the real request is checked.
   */
  public static void preflight(HttpServletResponse response, String methods) {
    response.setStatus(204);
    response.setHeader("Access-Control-Allow-Methods", methods);
    response.setHeader("Access-Control-Allow-Headers", "X-API-Key, Content-Type");
    response.setHeader("Access-Control-Max-Age", "600");
  }
}

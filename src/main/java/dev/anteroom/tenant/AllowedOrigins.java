package dev.anteroom.tenant;

import dev.anteroom.common.ForbiddenException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which web pages may use an application's waiting room: those whose {@code Origin} the application
 * lists in {@code allowed_origins}, or any when it lists {@code "*"}. An application that lists
 * none is open to every origin in development, so a newcomer's page on localhost just works, and to
 * none in production, so a key copied from one site's page cannot be used from another's. A page on
 * Anteroom's own origin (the hosted waiting page) is same-origin and always allowed. Requests
 * without an {@code Origin} do not come from a page (a tenant's server, curl) and are not checked.
 *
 * <p>Two kinds of credential meet the rule: a publishable key, on a join (secret keys and admins
 * never belong in a browser, so they are not checked), and a queue token, on a poll, a cancel or a
 * stream, where the token is the credential whatever key comes with it, and the application is the
 * one its queue belongs to.
 */
public final class AllowedOrigins {

  private final boolean anyWhenNoneListed;

  /**
   * @param anyWhenNoneListed whether an application with no {@code allowed_origins} may be used
   *     from every origin (development) or from none (production)
   */
  public AllowedOrigins(boolean anyWhenNoneListed) {
    this.anyWhenNoneListed = anyWhenNoneListed;
  }

  /**
   * Passes unless a publishable key is used from a page the application does not allow.
   *
   * @param origin the request's {@code Origin}, or null
   * @param ownOrigin Anteroom's own origin as the request sees it, asked only when needed
   * @throws ForbiddenException with code {@code origin_not_allowed}
   */
  public void checkKey(
      Caller caller, Optional<Application> application, String origin, Supplier<String> ownOrigin) {
    if (caller instanceof Caller.ApplicationKey key && key.kind() == KeyKind.PUBLISHABLE) {
      checkPage(application, origin, ownOrigin);
    }
  }

  /**
   * Passes unless a page the application does not allow uses a queue token of one of its queues.
   *
   * @param application the application the token's queue belongs to
   * @param origin the request's {@code Origin}, or null
   * @param ownOrigin Anteroom's own origin as the request sees it, asked only when needed
   * @throws ForbiddenException with code {@code origin_not_allowed}
   */
  public void checkPage(
      Optional<Application> application, String origin, Supplier<String> ownOrigin) {
    if (origin == null) {
      return;
    }
    List<String> allowed = application.map(Application::allowedOrigins).orElse(List.of());
    // Browsers send origins in the stored form, so the usual answer costs no parsing at all.
    if (allowed.contains(origin)
        || allowed.contains("*")
        || (allowed.isEmpty() && anyWhenNoneListed)) {
      return;
    }
    Optional<String> normalized = normalize(origin);
    if (normalized.isPresent()
        && (normalized.get().equals(ownOrigin.get()) || allowed.contains(normalized.get()))) {
      return;
    }
    if (allowed.isEmpty()) {
      throw new ForbiddenException(
          "origin_not_allowed",
          "the application lists no allowed_origins, so its waiting room is refused to web"
              + " pages (Origin "
              + origin
              + "); set allowed_origins to the origins of the sites that embed it, or [\"*\"]");
    }
    throw new ForbiddenException(
        "origin_not_allowed", "origin " + origin + " is not in the application's allowed_origins");
  }

  /**
   * An origin as browsers send it: {@code scheme://host[:port]}, lower-cased, without the scheme's
   * default port (443 for https, 80 for http) and without a trailing slash; empty if the text is
   * not an http(s) origin (a path other than "/", a query, a fragment or credentials).
   */
  public static Optional<String> normalize(String text) {
    try {
      URI uri = new URI(text.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath();
      boolean plain =
          (scheme.equals("http") || scheme.equals("https"))
              && uri.getHost() != null
              && (path == null || path.isEmpty() || path.equals("/"))
              && uri.getRawQuery() == null
              && uri.getRawFragment() == null
              && uri.getRawUserInfo() == null;
      return plain ? Optional.of(of(scheme, uri.getHost(), uri.getPort())) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * The origin of a server reached with this scheme, host and port, in the form {@link #normalize}
   * gives: the one spelling both sides of a comparison use.
   *
   * @param port the port, or -1 for the scheme's default
   */
  public static String of(String scheme, String host, int port) {
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    boolean defaultPort =
        port == -1
            || (lowerScheme.equals("https") && port == 443)
            || (lowerScheme.equals("http") && port == 80);
    return lowerScheme + "://" + host.toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
  }
}

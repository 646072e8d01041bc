package dev.anteroom.tenant;

import dev.anteroom.common.ForbiddenException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which web pages may use an application's publishable key: those whose {@code Origin} the
 * application lists in {@code allowed_origins}, or any when it lists {@code "*"}. An application
 * that lists none is open to every origin in development, so a newcomer's page on localhost just
 * works, and to none in production, so a key copied from one site's page cannot be used from
 * another's. Requests without an {@code Origin} do not come from a page (a tenant's server, curl)
 * and are not checked, nor are secret keys and admins, which never belong in a browser.
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
   * @throws ForbiddenException with code {@code origin_not_allowed}
   */
  public void check(Caller caller, Optional<Application> application, String origin) {
    if (origin == null
        || !(caller instanceof Caller.ApplicationKey key)
        || key.kind() != KeyKind.PUBLISHABLE) {
      return;
    }
    List<String> allowed = application.map(Application::allowedOrigins).orElse(List.of());
    if (allowed.isEmpty()) {
      if (anyWhenNoneListed) {
        return;
      }
      throw new ForbiddenException(
          "origin_not_allowed",
          "the application lists no allowed_origins, so its publishable key is refused from web"
              + " pages (Origin "
              + origin
              + "); set allowed_origins to the origins of the sites that embed it, or [\"*\"]");
    }
    if (allowed.contains("*")) {
      return;
    }
    if (!normalize(origin).map(allowed::contains).orElse(false)) {
      throw new ForbiddenException(
          "origin_not_allowed",
          "origin " + origin + " is not in the application's allowed_origins");
    }
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
      if (!plain) {
        return Optional.empty();
      }
      int port = uri.getPort();
      boolean defaultPort =
          port == -1
              || (scheme.equals("https") && port == 443)
              || (scheme.equals("http") && port == 80);
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      return Optional.of(scheme + "://" + host + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}

package dev.anteroom.client;

import dev.anteroom.tenant.AllowedOrigins;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Where the hosted waiting page may send released visitors, with their pass. The page is on
 * Anteroom's own origin, so {@code allowed_origins} never refuses it, and anyone can write a link
 * to it: a {@code target} is taken only on the queue's {@code redirect_url} origin or on one of the
 * origins the application lists (not {@code "*"}), and only over https (plain http to a loopback
 * host aside, for a developer's machine). Anything else would make the page an open redirect that
 * hands out passes.
 */
public final class HostedTargets {

  private HostedTargets() {}

  /**
   * What is wrong with {@code target}, in words that do not repeat it; empty if it may be used.
   *
   * @param redirectUrl the queue's {@code redirect_url}, or null
   * @param allowedOrigins the application's {@code allowed_origins}
   */
  public static Optional<String> problem(
      String target, String redirectUrl, List<String> allowedOrigins) {
    URI uri = ClientParameters.webAddress(target);
    if (uri == null) {
      return Optional.of("target: an absolute http(s) URL");
    }
    if (!ClientParameters.secure(uri)) {
      return Optional.of("target: an https URL (plain http only to a loopback host)");
    }
    String origin = AllowedOrigins.of(uri.getScheme(), uri.getHost(), uri.getPort());
    boolean allowed =
        allowedOrigins.stream()
                .filter(listed -> !listed.equals("*"))
                .flatMap(listed -> AllowedOrigins.normalize(listed).stream())
                .anyMatch(origin::equals)
            || (redirectUrl != null && origin.equals(originOf(redirectUrl)));
    return allowed
        ? Optional.empty()
        : Optional.of(
            "target: must be on the origin of the queue's redirect_url or one of the"
                + " application's allowed_origins");
  }

  private static String originOf(String url) {
    URI uri = ClientParameters.webAddress(url);
    return uri == null ? null : AllowedOrigins.of(uri.getScheme(), uri.getHost(), uri.getPort());
  }
}

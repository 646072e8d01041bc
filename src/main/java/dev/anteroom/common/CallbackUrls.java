package dev.anteroom.common;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The save-time check of a callback URL (an application's or a queue's): an absolute http(s) URL
 * with a host and no user info, whose host does not resolve to an address {@link PublicAddresses}
 * refuses, unless private targets are allowed ({@code ANTEROOM_ALLOW_PRIVATE_CALLBACKS}). A host
 * that does not resolve yet is accepted: its DNS may be set up after the URL, and every delivery
 * checks the address it connects to anyway.
 */
public final class CallbackUrls {

  /** Resolves a host name (or literal) to its addresses. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /** Checks the form of the URL only; what a service uses until it is given the real check. */
  public static final CallbackUrls FORM_ONLY = new CallbackUrls(true, InetAddress::getAllByName);

  private final boolean allowPrivate;
  private final Resolver resolver;

  /**
   * What makes a URL unusable as a callback target whatever it resolves to, said after the field's
   * name ("must be an absolute http(s) URL"), or empty: an http(s) scheme, a host, no user info, a
   * usable port and no interface zone. The save-time check and every delivery ask this one.
   */
  public static Optional<String> formProblem(URI uri) {
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      return Optional.of("must be an absolute http(s) URL");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("must not carry user info (user:password@); put credentials elsewhere");
    }
    if (!hasUsablePort(uri)) {
      return Optional.of("has a port outside 1-65535");
    }
    if (uri.getHost().contains("%")) {
      // A zone id names an interface of this machine: only link-local addresses have one.
      return Optional.of("must not name a network interface (%zone)");
    }
    return Optional.empty();
  }

  /** No port (the scheme's own), or one a connection can use. */
  private static boolean hasUsablePort(URI uri) {
    return uri.getPort() == -1 || (uri.getPort() >= 1 && uri.getPort() <= 65_535);
  }

  private static String article(String word) {
    return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an " : "a ";
  }

  public CallbackUrls(boolean allowPrivate, Resolver resolver) {
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /**
   * Passes a null URL or an acceptable one; otherwise throws {@link InvalidInputException} naming
   * the field and the reason.
   */
  public void check(String field, String url) {
    if (url == null) {
      return;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidInputException(field, field + " is not a valid URL: " + e.getReason());
    }
    formProblem(uri)
        .ifPresent(
            problem -> {
              throw new InvalidInputException(field, field + " " + problem);
            });
    if (allowPrivate) {
      return;
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException notYet) {
      return;
    }
    for (InetAddress address : addresses) {
      Optional<String> refusal = PublicAddresses.refusal(address);
      if (refusal.isPresent()) {
        throw new InvalidInputException(
            field,
            field
                + " resolves to "
                + article(refusal.get())
                + refusal.get()
                + " address ("
                + address.getHostAddress()
                + "); callbacks only go to public addresses");
      }
    }
  }
}

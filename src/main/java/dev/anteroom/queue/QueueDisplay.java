package dev.anteroom.queue;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * What the hosted waiting page ({@code GET /wait/{queue_id}}) shows of a queue, each part optional.
 * All of it is tenant-supplied and shown to anonymous visitors, so it is kept to what a page can
 * show safely: plain text (escaped on the page, never read as HTML) and a logo whose origin the
 * page's Content-Security-Policy can name.
 *
 * @param logoUrl an absolute https URL with a host name or IPv4 address and no user info; plain
 *     http only on a loopback host ({@code localhost}, {@code 127.0.0.0/8}), which browsers treat
 *     as secure for local development: on any other host an http image in an https page is mixed
 *     content, which browsers block
 * @param title the page's heading, at most {@value #MAX_TITLE} characters; null shows the queue's
 *     name
 * @param message a note under the heading, at most {@value #MAX_MESSAGE} characters; line breaks
 *     are kept (a CR LF or a CR becomes a LF), other control characters are refused
 */
public record QueueDisplay(String logoUrl, String title, String message) {

  public static final int MAX_LOGO_URL = 2000;
  public static final int MAX_TITLE = 120;
  public static final int MAX_MESSAGE = 2000;

  /** Nothing set: the page shows the queue's name and the client alone. */
  public static final QueueDisplay NONE = new QueueDisplay(null, null, null);

  public QueueDisplay {
    logoUrl = logoUrl(logoUrl);
    title = Checks.optionalText("title", title, MAX_TITLE);
    message = Checks.optionalMultilineText("message", message, MAX_MESSAGE);
  }

  /** The logo's origin ({@code https://cdn.example:8443}), or null without a logo. */
  public String logoOrigin() {
    if (logoUrl == null) {
      return null;
    }
    URI uri = URI.create(logoUrl);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
  }

  private static String logoUrl(String value) {
    String text = Checks.optionalText("logo_url", value, MAX_LOGO_URL);
    if (text == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("logo_url", "logo_url is not a valid URL: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    if (host == null || !(scheme.equals("https") || (scheme.equals("http") && loopback(host)))) {
      throw new InvalidInputException(
          "logo_url",
          "logo_url must be an absolute https URL (plain http only on localhost, for development)");
    }
    if (uri.getRawUserInfo() != null) {
      throw new InvalidInputException(
          "logo_url", "logo_url must not carry user info (user:password@): the page shows it");
    }
    if (host.startsWith("[")) {
      // A Content-Security-Policy source cannot name an IPv6 literal, so the page could not allow
      // the logo without allowing every https image.
      throw new InvalidInputException(
          "logo_url", "logo_url must name its host or an IPv4 address, not an IPv6 literal");
    }
    if (uri.getPort() == 0 || uri.getPort() > 65_535) {
      throw new InvalidInputException("logo_url", "logo_url has a port outside 1-65535");
    }
    return text;
  }

  private static boolean loopback(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    return name.equals("localhost")
        || name.endsWith(".localhost")
        || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }
}

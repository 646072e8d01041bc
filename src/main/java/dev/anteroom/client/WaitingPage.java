package dev.anteroom.client;

import dev.anteroom.queue.QueueDisplay;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosted waiting page, {@code GET /wait/{queue_id}}: a complete HTML page that shows the
 * application's name and the queue's logo, title and message, and loads the one client, {@code
 * /scripts/queue.js}, from the same origin with the page's own parameters. Its small error pages
 * come from here too.
 *
 * <p>Everything tenant-supplied is escaped, and each page carries a strict Content-Security-Policy:
 * scripts and connections to the page's own origin only (so an injection that slipped past the
 * escaping could still run nothing), images from the logo's origin only, and styles from two inline
 * stylesheets allowed by their sha256 hashes: the page's own and the client's (which the client
 * adopts as a constructed stylesheet, or adds as a {@code <style>} element in browsers without
 * those). No {@code 'unsafe-inline'} anywhere; no framing.
 */
public final class WaitingPage {

  /** The client's parameters the page passes on, in the order the script URL lists them. */
  public static final List<String> SCRIPT_PARAMETERS =
      List.of("key", "lang", "theme", "poll", "target");

  private static final String SCRIPT = "/scripts/queue.js";
  private static final String LOCKED_DOWN =
      "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final String css;
  private final String pageStyleHash;
  private final String clientStyleHash;

  /**
   * @param pageCss the page's own stylesheet, inlined in each page
   * @param clientCss the client's stylesheet, exactly as the client puts it in a page
   */
  public WaitingPage(String pageCss, String clientCss) {
    if (pageCss.contains("</")) {
      throw new IllegalArgumentException("the page's stylesheet must not contain '</'");
    }
    this.css = pageCss;
    this.pageStyleHash = Fingerprints.hashSource(pageCss);
    this.clientStyleHash = Fingerprints.hashSource(clientCss);
  }

  /**
   * What one waiting page shows.
   *
   * @param applicationName the tenant's name, shown in the page's header
   * @param title the page's heading: the queue's display title, or its name
   * @param display the queue's logo and message (its title is already in {@code title})
   * @param parameters the client's parameters as the page was given them ({@link
   *     #SCRIPT_PARAMETERS}); passed on to the script, which checks them and shows what is wrong
   * @param strings the page's strings in {@code language}
   */
  public record Content(
      long queueId,
      String applicationName,
      String title,
      QueueDisplay display,
      PageLanguage language,
      Map<String, String> parameters,
      Map<String, String> strings) {}

  /** A page as sent: its bytes (UTF-8 HTML), a strong ETag of them and its policy. */
  public record Rendered(byte[] bytes, String etag, String contentSecurityPolicy) {}

  public Rendered page(Content content) {
    PageLanguage language = content.language();
    QueueDisplay display = content.display();
    StringBuilder html = head(language, theme(content.parameters().get("theme")));
    html.append("<title>")
        .append(escape(content.title()))
        .append(" · ")
        .append(escape(content.applicationName()))
        .append("</title>\n<style>")
        .append(css)
        .append("</style>\n</head>\n<body>\n<header class=\"page-header\">\n");
    if (display.logoUrl() != null) {
      // Decorative: the application's name follows as text.
      html.append("<img class=\"page-logo\" src=\"")
          .append(escape(display.logoUrl()))
          .append("\" alt=\"\">\n");
    }
    html.append("<p class=\"page-app\" dir=\"auto\">")
        .append(escape(content.applicationName()))
        .append("</p>\n</header>\n<main class=\"page-main\">\n<h1 dir=\"auto\">")
        .append(escape(content.title()))
        .append("</h1>\n");
    if (display.message() != null) {
      html.append("<p class=\"page-message\" dir=\"auto\">")
          .append(escape(display.message()))
          .append("</p>\n");
    }
    html.append("<noscript><p>")
        .append(escape(string(content.strings(), "page_noscript")))
        .append("</p></noscript>\n<script src=\"")
        .append(escape(scriptUrl(content.queueId(), content.parameters(), language)))
        .append("\"></script>\n</main>\n</body>\n</html>\n");
    byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
    return new Rendered(bytes, Fingerprints.etag(bytes), pagePolicy(display.logoOrigin()));
  }

  /**
   * A small error page: a heading and one sentence in the visitor's language, and for a link that
   * is malformed a technical line saying how (never what exists: an unknown queue and a key of
   * another application read the same).
   *
   * @param messageKey the string to show, such as {@code page_not_found}
   * @param detail what is wrong with the link, in English like the client's set-up errors, or null
   */
  public Rendered error(
      PageLanguage language,
      String theme,
      Map<String, String> strings,
      String messageKey,
      String detail) {
    StringBuilder html = head(language, theme(theme));
    html.append("<title>")
        .append(escape(string(strings, "page_error_title")))
        .append("</title>\n<style>")
        .append(css)
        .append("</style>\n</head>\n<body>\n<main class=\"page-main\">\n<h1>")
        .append(escape(string(strings, "page_error_title")))
        .append("</h1>\n<p>")
        .append(escape(string(strings, messageKey)))
        .append("</p>\n");
    if (detail != null) {
      html.append("<p class=\"page-detail\" lang=\"en\" dir=\"ltr\">")
          .append(escape(detail))
          .append("</p>\n");
    }
    html.append("</main>\n</body>\n</html>\n");
    byte[] bytes = html.toString().getBytes(StandardCharsets.UTF_8);
    return new Rendered(
        bytes,
        Fingerprints.etag(bytes),
        "default-src 'none'; style-src " + pageStyleHash + LOCKED_DOWN);
  }

  /** The policy of a waiting page whose logo, if any, comes from {@code logoOrigin}. */
  String pagePolicy(String logoOrigin) {
    // Nothing else is loaded from the page's own origin than the script and its calls: no
    // stylesheet or image, so neither style-src nor img-src lists 'self'.
    return "default-src 'none'; script-src 'self'; connect-src 'self'"
        + (logoOrigin == null ? "" : "; img-src " + logoOrigin)
        + "; style-src "
        + pageStyleHash
        + " "
        + clientStyleHash
        + LOCKED_DOWN;
  }

  private static StringBuilder head(PageLanguage language, String theme) {
    return new StringBuilder(4096)
        .append("<!doctype html>\n<html lang=\"")
        .append(escape(language.code()))
        .append("\" dir=\"")
        .append(language.dir())
        .append("\" data-theme=\"")
        .append(theme)
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        // The URL holds the application's key and the queue; a search engine has no use for it.
        .append("<meta name=\"robots\" content=\"noindex\">\n");
  }

  /**
   * The script's URL: the queue from the page's path, the parameters as given (the script reports
   * any that are wrong), and the page's language when none was asked for, so that page and client
   * speak the same language.
   */
  static String scriptUrl(long queueId, Map<String, String> parameters, PageLanguage language) {
    Map<String, String> passed = new LinkedHashMap<>();
    for (String name : SCRIPT_PARAMETERS) {
      String value = parameters.get(name);
      if (value == null && name.equals("lang")) {
        value = language.code();
      }
      if (value != null) {
        passed.put(name, value);
      }
    }
    StringBuilder url = new StringBuilder(SCRIPT).append("?queue=").append(queueId);
    passed.forEach(
        (name, value) ->
            url.append('&')
                .append(name)
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return url.toString();
  }

  /** The page's theme: the one asked for if it is one, else auto (the client reports the rest). */
  private static String theme(String asked) {
    return asked != null && ClientParameters.THEMES.contains(asked) ? asked : "auto";
  }

  /** A string of the page's language; its key if the file lacks it, never a failed page. */
  private static String string(Map<String, String> strings, String key) {
    return strings.getOrDefault(key, key);
  }

  /** Text for an HTML element or a quoted attribute value. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}

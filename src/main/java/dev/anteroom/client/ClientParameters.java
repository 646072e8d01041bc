package dev.anteroom.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The waiting-room client's settings as the script URL gives them ({@code queue}, {@code key},
 * {@code lang}, {@code theme}, {@code poll}, {@code target}, {@code container}), with what is wrong
 * with them. A bad parameter never fails the request: the script still loads, shows the problems in
 * the page and logs them, so a tenant sees why instead of a blank page. The script checks the same
 * rules again after {@code data-} attributes of its tag have overridden these.
 *
 * @param values the parameters that were given and are valid
 * @param errors one line per problem, naming the parameter
 */
public record ClientParameters(Map<String, String> values, List<String> errors) {

  /** The parameter names, in the order the README lists them. */
  public static final List<String> NAMES =
      List.of("queue", "key", "lang", "theme", "poll", "target", "container");

  /** A queue id as the script URL and the hosted page's path give it. */
  public static final Pattern QUEUE_ID = Pattern.compile("[1-9][0-9]{0,17}");

  /** The themes there are. */
  public static final Set<String> THEMES = Set.of("light", "dark", "auto");

  private static final Pattern KEY = Pattern.compile("pk_[A-Za-z0-9_-]{1,200}");
  private static final int MAX_POLL_SECONDS = 300;
  private static final int MAX_TEXT = 2000;

  public ClientParameters {
    values = Map.copyOf(values);
    errors = List.copyOf(errors);
  }

  /**
   * Checks the query parameters of a script URL against the languages the client has.
   *
   * @param query each parameter's first value
   * @param languages the language codes there are string files for
   */
  public static ClientParameters parse(Map<String, String> query, Set<String> languages) {
    return parse(query, languages, false);
  }

  /**
   * Checks the query parameters of a script URL against the languages the client has.
   *
   * @param query each parameter's first value
   * @param languages the language codes there are string files for
   * @param httpsTargets whether a {@code target} must be https (production), loopback hosts aside
   */
  public static ClientParameters parse(
      Map<String, String> query, Set<String> languages, boolean httpsTargets) {
    Map<String, String> values = new LinkedHashMap<>();
    List<String> errors = new ArrayList<>();
    query.forEach(
        (name, value) -> {
          if (!NAMES.contains(name)) {
            errors.add(name + ": unknown parameter; known: " + String.join(", ", NAMES));
            return;
          }
          String problem = problem(name, value, languages, httpsTargets);
          if (problem == null) {
            values.put(name, value);
          } else {
            errors.add(name + ": " + problem);
          }
        });
    return new ClientParameters(values, errors);
  }

  private static String problem(
      String name, String value, Set<String> languages, boolean httpsTargets) {
    if (value == null || value.isEmpty() || value.length() > MAX_TEXT) {
      return "give a value of at most " + MAX_TEXT + " characters";
    }
    return switch (name) {
      case "queue" -> QUEUE_ID.matcher(value).matches() ? null : "a queue id (a positive number)";
      case "key" ->
          KEY.matcher(value).matches()
              ? null
              : "a publishable key (pk_...); a secret key must never be put in a page";
      case "lang" ->
          languages.contains(value)
              ? null
              : "one of " + String.join(", ", languages.stream().sorted().toList());
      case "theme" -> THEMES.contains(value) ? null : "light, dark or auto";
      case "poll" -> poll(value) ? null : "whole seconds from 1 to " + MAX_POLL_SECONDS;
      case "target" -> target(value, httpsTargets);
      default -> null;
    };
  }

  private static boolean poll(String value) {
    if (!value.matches("[0-9]{1,3}")) {
      return false;
    }
    int seconds = Integer.parseInt(value);
    return seconds >= 1 && seconds <= MAX_POLL_SECONDS;
  }

  private static String target(String value, boolean httpsTargets) {
    URI uri = webAddress(value);
    if (uri == null) {
      return "an absolute http(s) URL";
    }
    if (httpsTargets && !secure(uri)) {
      return "an https URL (plain http only to a loopback host)";
    }
    return null;
  }

  /** The URL if it is an absolute http(s) URL with a host, else null. */
  static URI webAddress(String value) {
    try {
      URI uri = new URI(value);
      boolean web =
          ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
              && uri.getHost() != null;
      return web ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** https, or plain http to this machine (a developer's page). */
  static boolean secure(URI uri) {
    if ("https".equalsIgnoreCase(uri.getScheme())) {
      return true;
    }
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return host.equals("localhost")
        || host.endsWith(".localhost")
        || host.matches("127(\\.[0-9]{1,3}){3}")
        || host.equals("[::1]");
  }
}

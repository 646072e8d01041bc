package dev.anteroom.alert.webhook;

import java.net.URI;
import java.util.Locale;

/** The body shape a webhook receiver expects. */
public enum WebhookFormat {
  /** A Slack incoming webhook: {@code text} plus Block Kit {@code blocks}. */
  SLACK,
  /** Microsoft Teams (workflows or connectors): a message with an Adaptive Card attachment. */
  TEAMS,
  /** Anteroom's own JSON: the event and the alert's fields. */
  GENERIC;

  /**
   * The format named by {@code WEBHOOK_FORMAT}, or when it is empty the one recognised from the
   * URL's host: {@code hooks.slack.com} is Slack; {@code *.webhook.office.com}, {@code
   * *.logic.azure.com} and {@code outlook.office.com} are Teams; anything else is generic.
   */
  public static WebhookFormat choose(String named, URI url) {
    if (named != null && !named.isBlank()) {
      String wanted = named.strip().toUpperCase(Locale.ROOT);
      for (WebhookFormat format : values()) {
        if (format.name().equals(wanted)) {
          return format;
        }
      }
      throw new IllegalArgumentException(
          "WEBHOOK_FORMAT must be slack, teams or generic, was '" + named.strip() + "'");
    }
    return recognise(url);
  }

  public static WebhookFormat recognise(URI url) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    if (host.equals("hooks.slack.com")) {
      return SLACK;
    }
    if (host.endsWith(".webhook.office.com")
        || host.endsWith(".logic.azure.com")
        || host.equals("outlook.office.com")) {
      return TEAMS;
    }
    return GENERIC;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}

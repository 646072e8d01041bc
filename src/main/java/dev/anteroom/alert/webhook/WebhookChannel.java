package dev.anteroom.alert.webhook;

import dev.anteroom.alert.AlertChannel;
import dev.anteroom.alert.AlertNotice;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Alert messages to the operator's webhook ({@code WEBHOOK_URL}) in Slack, Teams or generic JSON.
 * The URL is a secret (a Slack webhook's path is its key): only its host is ever logged, and
 * failures name the status or the kind of error, not the URL. Redirects are not followed.
 */
public final class WebhookChannel implements AlertChannel {

  private final URI url;
  private final WebhookFormat format;
  private final WebhookPayloads payloads;
  private final HttpClient http;
  private final Duration timeout;

  public WebhookChannel(
      URI url,
      WebhookFormat format,
      WebhookPayloads payloads,
      Duration connectTimeout,
      Duration timeout) {
    if (!"https".equalsIgnoreCase(url.getScheme()) && !"http".equalsIgnoreCase(url.getScheme())
        || url.getHost() == null) {
      throw new IllegalArgumentException("WEBHOOK_URL must be an absolute http(s) URL");
    }
    this.url = url;
    this.format = format;
    this.payloads = payloads;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(connectTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public WebhookFormat format() {
    return format;
  }

  @Override
  public String describe() {
    return "webhook (" + format.wireName() + ") to " + url.getHost();
  }

  @Override
  public void send(AlertNotice notice) throws WebhookFailedException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Anteroom-Alerts")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    payloads.body(format, notice), StandardCharsets.UTF_8))
            .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // The exception's own message may carry the URL: only its kind is kept.
      throw new WebhookFailedException(e.getClass().getSimpleName());
    }
    int status = response.statusCode();
    if (status < 200 || status > 299) {
      String answer = response.body() == null ? "" : response.body().strip();
      throw new WebhookFailedException(
          "HTTP " + status + (answer.isEmpty() ? "" : ": " + cut(answer.replaceAll("\\s+", " "))));
    }
  }

  private static String cut(String text) {
    return text.length() <= 120 ? text : text.substring(0, 120) + "...";
  }

  /** A webhook attempt that failed; the message is safe to log. */
  public static final class WebhookFailedException extends Exception {
    WebhookFailedException(String message) {
      super(message, null, false, false);
    }
  }
}

package dev.anteroom.client;

import java.nio.charset.StandardCharsets;

/**
 * The waiting-room client, {@code queue.js}, as one plain script: the template with the settings
 * and strings of one request written into its {@code SERVER} placeholder. Each answer carries a
 * strong ETag of its bytes, so browsers and caches revalidate instead of fetching again.
 */
public final class ClientScript {

  static final String PLACEHOLDER = "/*SERVER*/ { params: {}, errors: [], langs: {} }";

  private final String template;

  /**
   * @param template the text of {@code queue.js}, which must hold the placeholder once
   */
  public ClientScript(String template) {
    if (template.indexOf(PLACEHOLDER) < 0
        || template.indexOf(PLACEHOLDER) != template.lastIndexOf(PLACEHOLDER)) {
      throw new IllegalArgumentException("queue.js must hold the SERVER placeholder exactly once");
    }
    this.template = template;
  }

  /**
   * The script for one configuration.
   *
   * @param serverJson a JSON object {@code {"params":...,"errors":[...],"langs":{...}}}
   */
  public Rendered render(String serverJson) {
    byte[] bytes = template.replace(PLACEHOLDER, serverJson).getBytes(StandardCharsets.UTF_8);
    return new Rendered(bytes, Fingerprints.etag(bytes));
  }

  /** A rendered script and its ETag (quoted, strong). */
  public record Rendered(byte[] bytes, String etag) {}
}

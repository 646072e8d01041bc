package dev.anteroom.waiting;

import dev.anteroom.common.Checks;
import dev.anteroom.common.InvalidInputException;
import java.nio.charset.StandardCharsets;

/**
 * A visitor's request to join, validated.
 *
 * @param visitorId the tenant's key for "one place per person", or null
 * @param priority 0 to 9, higher first; only a secret key may set it
 * @param metadata a JSON object as text, at most 2 KiB, or null
 * @param simulate answer the place the visitor would get and store nothing
 * @param signature the tenant server's signature of the visitor id, or null
 */
public record JoinRequest(
    long queueId,
    String visitorId,
    int priority,
    String metadata,
    boolean simulate,
    SignedVisitorId signature) {

  public static final int MAX_PRIORITY = 9;
  public static final int MAX_METADATA_BYTES = 2048;

  public JoinRequest {
    visitorId = Checks.optionalText("visitor_id", visitorId, 200);
    Checks.optionalIntInRange("priority", priority, 0, MAX_PRIORITY);
    if (metadata != null && metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
      throw new InvalidInputException(
          "metadata", "metadata must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
    }
    if (signature != null && visitorId == null) {
      throw new InvalidInputException(
          "visitor_id",
          "visitor_signature signs a visitor_id: send the visitor_id it was made for");
    }
  }

  /**
   * What the tenant's server signed (see {@link dev.anteroom.tenant.VisitorIdSignature}).
   *
   * @param visitorId the visitor id exactly as sent, which is what was signed
   * @param expiresAt epoch seconds
   */
  public record SignedVisitorId(String visitorId, long expiresAt, String signature) {}
}

package dev.anteroom.tenant;

import dev.anteroom.common.Base64Url;
import dev.anteroom.common.HmacSha256;
import dev.anteroom.common.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * A visitor id signed by the tenant's server, so that a browser can carry it to {@code POST /join}
 * with the public key without being able to choose someone else's. The signature is HMAC-SHA256,
 * keyed with the UTF-8 bytes of the application's whole visitor-signing key ({@code vsk_...}), over
 * the UTF-8 bytes of {@code "anteroom-visitor-v1\n" + application_id + "\n" + visitor_id + "\n" +
 * expires_at} (expiry in epoch seconds, decimal), sent as unpadded base64url (43 characters). The
 * README's "Signing a visitor id" shows the same in Java, Node and Python.
 *
 * <p>The signature is a bearer credential for that visitor's place until it expires, so expiries
 * are bounded ({@link #LONGEST_VALIDITY}) and the comparison runs in constant time.
 */
public final class VisitorIdSignature {

  /** Versions the signed text, so a signature made for something else never matches. */
  public static final String CONTEXT = "anteroom-visitor-v1";

  /** How far ahead an expiry may lie. */
  public static final Duration LONGEST_VALIDITY = Duration.ofHours(24);

  /** Where the README explains signing; problem details point there. */
  public static final String README_SECTION = "'Signing a visitor id' in the README";

  private static final int SIGNATURE_CHARS = 43;

  private VisitorIdSignature() {}

  /** The signature the tenant's server sends with {@code visitor_id}. */
  public static String sign(
      String signingKey, long applicationId, String visitorId, long expiresAt) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(mac(signingKey, applicationId, visitorId, expiresAt));
  }

  /**
   * Passes if {@code signature} is the tenant's signature of {@code visitorId} for this application
   * and has not expired at {@code now}.
   *
   * @throws InvalidInputException with code {@code bad_visitor_signature}, {@code
   *     visitor_signature_expired} or {@code visitor_expiry_too_far}
   */
  public static void check(
      String signingKey,
      long applicationId,
      String visitorId,
      long expiresAt,
      String signature,
      Instant now) {
    byte[] given = decodeCanonical(signature);
    if (given == null) {
      throw new InvalidInputException(
          "bad_visitor_signature",
          "visitor_signature",
          "visitor_signature must be the 43 characters of unpadded base64url of an HMAC-SHA256;"
              + " see "
              + README_SECTION);
    }
    if (!MessageDigest.isEqual(mac(signingKey, applicationId, visitorId, expiresAt), given)) {
      throw new InvalidInputException(
          "bad_visitor_signature",
          "visitor_signature",
          "visitor_signature does not sign this visitor_id and visitor_expires_at for this"
              + " application; sign them server-side with the application's current"
              + " visitor_signing_key (see "
              + README_SECTION
              + ")");
    }
    long nowSeconds = now.getEpochSecond();
    if (expiresAt <= nowSeconds) {
      throw new InvalidInputException(
          "visitor_signature_expired",
          "visitor_expires_at",
          "the visitor_id signature expired at "
              + expiresAt
              + " (epoch seconds); it is now "
              + nowSeconds
              + ": sign the visitor_id again");
    }
    if (expiresAt - nowSeconds > LONGEST_VALIDITY.toSeconds()) {
      throw new InvalidInputException(
          "visitor_expiry_too_far",
          "visitor_expires_at",
          "visitor_expires_at may lie at most "
              + LONGEST_VALIDITY.toSeconds()
              + " seconds (24 hours) ahead; it is now "
              + nowSeconds
              + " (epoch seconds)");
    }
  }

  /** The 32 bytes, or null unless the text is their one unpadded base64url spelling. */
  private static byte[] decodeCanonical(String signature) {
    if (signature == null || signature.length() != SIGNATURE_CHARS) {
      return null;
    }
    byte[] bytes = Base64Url.decodeCanonical(signature);
    return bytes != null && bytes.length == 32 ? bytes : null;
  }

  private static byte[] mac(String signingKey, long applicationId, String visitorId, long expiry) {
    String text = CONTEXT + "\n" + applicationId + "\n" + visitorId + "\n" + expiry;
    return HmacSha256.of(
        signingKey.getBytes(StandardCharsets.UTF_8), text.getBytes(StandardCharsets.UTF_8));
  }
}

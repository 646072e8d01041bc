package dev.anteroom.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.anteroom.common.Base64Url;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Optional;

/**
 * Access passes: ES256 JWTs that a tenant verifies offline with the published key set. Claims:
 * {@code iss}, {@code sub} (the visitor), {@code aud} (the application id), {@code queue_id},
 * {@code jti}, {@code iat}, {@code exp}.
 *
 * <p>Each pass has exactly one spelling, because origins may de-duplicate passes by their text:
 * signatures are issued with a low S (see {@link LowS}), and {@link #check} refuses a high S,
 * surrounding whitespace, padding and any segment whose base64url is not the canonical encoding of
 * its bytes.
 */
public final class AccessPasses {

  static final JOSEObjectType TYPE = new JOSEObjectType("anteroom-pass+jwt");

  private final SigningKeys keys;
  private final String issuer;
  private final Clock clock;

  public AccessPasses(SigningKeys keys, String issuer, Clock clock) {
    this.keys = keys;
    this.issuer = issuer;
    this.clock = clock;
  }

  public String issue(PassClaims claims) {
    ECKey key = keys.signingKey();
    JWTClaimsSet set =
        new JWTClaimsSet.Builder()
            .issuer(issuer)
            .subject(claims.subject())
            .audience(Long.toString(claims.applicationId()))
            .claim("queue_id", claims.queueId())
            .jwtID(claims.passId())
            .issueTime(Date.from(claims.issuedAt()))
            .expirationTime(Date.from(claims.expiresAt()))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(TYPE).build(),
            set);
    try {
      jwt.sign(new ECDSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign a pass", e);
    }
    byte[] signature = LowS.normalize(jwt.getSignature().decode());
    return new String(jwt.getSigningInput(), StandardCharsets.US_ASCII)
        + "."
        + Base64URL.encode(signature);
  }

  /** Checks signature, issuer and expiry; tenancy and revocation are the caller's to add. */
  public PassCheck check(String token) {
    if (token == null || token.length() > 4096) {
      return PassCheck.invalid("malformed");
    }
    try {
      if (!canonicalSpelling(token)) {
        return PassCheck.invalid("malformed");
      }
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm())
          || jwt.getHeader().getKeyID() == null) {
        return PassCheck.invalid("malformed");
      }
      Optional<ECKey> key = keys.publicKey(jwt.getHeader().getKeyID());
      if (key.isEmpty()) {
        return PassCheck.invalid("unknown_key");
      }
      if (!LowS.isCanonical(jwt.getSignature().decode())
          || !jwt.verify(new ECDSAVerifier(key.get()))) {
        return PassCheck.invalid("bad_signature");
      }
      PassClaims claims = claims(jwt.getJWTClaimsSet());
      if (claims == null || !issuer.equals(jwt.getJWTClaimsSet().getIssuer())) {
        return PassCheck.invalid("malformed");
      }
      if (!clock.instant().isBefore(claims.expiresAt())) {
        return PassCheck.invalid("expired", claims);
      }
      return PassCheck.valid(claims);
    } catch (ParseException | JOSEException | RuntimeException e) {
      return PassCheck.invalid("malformed");
    }
  }

  /**
   * Three non-empty segments of unpadded base64url, each the canonical encoding of its bytes (the
   * spare low bits of the last character zero). Nothing is stripped: a pass with a space around it
   * is not the pass that was issued.
   */
  private static boolean canonicalSpelling(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || Base64Url.decodeCanonical(part) == null) {
        return false;
      }
    }
    return true;
  }

  private static PassClaims claims(JWTClaimsSet set) throws ParseException {
    String passId = set.getJWTID();
    Long queueId = set.getLongClaim("queue_id");
    if (passId == null
        || queueId == null
        || set.getAudience().size() != 1
        || set.getExpirationTime() == null
        || set.getIssueTime() == null) {
      return null;
    }
    int dash = passId.lastIndexOf('-');
    if (dash <= 0 || !passId.substring(0, dash).equals(Long.toString(queueId))) {
      return null;
    }
    return new PassClaims(
        Long.parseLong(set.getAudience().getFirst()),
        queueId,
        Long.parseLong(passId.substring(dash + 1)),
        set.getSubject(),
        set.getIssueTime().toInstant(),
        set.getExpirationTime().toInstant());
  }
}

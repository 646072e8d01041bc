package dev.anteroom.tenant;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.anteroom.common.UnauthenticatedException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Admin sign-in tokens: HS256 JWTs keyed from {@code SECRET_KEY}. They carry only the admin's id;
 * role and bindings are read afresh on every request, so a deleted admin is locked out at once.
 */
public final class AdminTokens {

  private static final String ISSUER = "anteroom";
  private static final String AUDIENCE = "anteroom-admin";

  private final MACSigner signer;
  private final MACVerifier verifier;
  private final Clock clock;
  private final Duration ttl;

  public AdminTokens(byte[] key, Clock clock, Duration ttl) {
    try {
      this.signer = new MACSigner(key);
      this.verifier = new MACVerifier(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("admin token key is unusable", e);
    }
    this.clock = clock;
    this.ttl = ttl;
  }

  public Issued issue(Admin admin) {
    Instant now = clock.instant();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(ISSUER)
            .audience(AUDIENCE)
            .subject(Long.toString(admin.id()))
            .claim("role", admin.role().name())
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)))
            .build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new IllegalStateException("could not sign an admin token", e);
    }
    return new Issued(jwt.serialize(), ttl.toSeconds());
  }

  /** The admin id in a valid, unexpired token. */
  public long verify(String token) {
    try {
      SignedJWT jwt = SignedJWT.parse(token);
      if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
        throw invalid();
      }
      JWTClaimsSet claims = jwt.getJWTClaimsSet();
      Date expires = claims.getExpirationTime();
      if (expires == null || !clock.instant().isBefore(expires.toInstant())) {
        throw new UnauthenticatedException("the admin token has expired; sign in again");
      }
      if (!ISSUER.equals(claims.getIssuer()) || !claims.getAudience().contains(AUDIENCE)) {
        throw invalid();
      }
      return Long.parseLong(claims.getSubject());
    } catch (ParseException | JOSEException | NumberFormatException | NullPointerException e) {
      throw invalid();
    }
  }

  private static UnauthenticatedException invalid() {
    return new UnauthenticatedException("the admin token is not valid");
  }

  /** A signed token and its lifetime in seconds. */
  public record Issued(String token, long expiresInSeconds) {
    @Override
    public String toString() {
      return "Issued[redacted, " + expiresInSeconds + "s]";
    }
  }
}

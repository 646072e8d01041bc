package dev.anteroom.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.anteroom.common.KeySealer;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 key ring. One key signs at a time; it is replaced after {@code rotateAfter} (checked
 * when a pass is signed and by a scheduled {@link #rotateIfDue}) or on demand, and a retired key
 * stays published for {@code publishAfterRetirement} (the longest pass lifetime) so every pass it
 * signed still verifies offline until it expires. A key in service that this node's secret cannot
 * open stops the node ({@link UnreadableSigningKeyException}) unless the operator has chosen to
 * retire such keys.
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  private final SigningKeyStore store;
  private final KeySealer sealer;
  private final Clock clock;
  private final Duration rotateAfter;
  private final Duration publishAfterRetirement;
  private final boolean retireUnreadable;
  private final Map<String, ECKey> publicKeys = new ConcurrentHashMap<>();
  private volatile Signing current;
  private volatile List<SigningKeyStore.StoredKey> stored = List.of();

  public SigningKeys(
      SigningKeyStore store,
      KeySealer sealer,
      Clock clock,
      Duration rotateAfter,
      Duration publishAfterRetirement) {
    this(store, sealer, clock, rotateAfter, publishAfterRetirement, false);
  }

  /**
   * @param retireUnreadable whether a key in service that {@code sealer} cannot open is retired and
   *     replaced (the operator's explicit choice once the old secret is lost) instead of stopping
   *     the node
   * @throws UnreadableSigningKeyException if a key in service cannot be opened and {@code
   *     retireUnreadable} is false
   */
  public SigningKeys(
      SigningKeyStore store,
      KeySealer sealer,
      Clock clock,
      Duration rotateAfter,
      Duration publishAfterRetirement,
      boolean retireUnreadable) {
    this.retireUnreadable = retireUnreadable;
    this.store = store;
    this.sealer = sealer;
    this.clock = clock;
    this.rotateAfter = rotateAfter;
    this.publishAfterRetirement = publishAfterRetirement;
    reload();
    if (current == null) {
      rotate();
    }
  }

  /** The key to sign with now, rotating it first if it has served its time. */
  public ECKey signingKey() {
    Signing signing = current;
    if (signing == null || isDue(signing)) {
      rotateIfDue();
    }
    return current.key();
  }

  /**
   * Replaces the signing key if it has served its time; answers whether it did. A scheduled task
   * calls it, so keys rotate on time whether or not passes are being issued; tests call it after
   * moving the clock.
   */
  public synchronized boolean rotateIfDue() {
    if (current != null && !isDue(current)) {
      return false;
    }
    rotate();
    return true;
  }

  private boolean isDue(Signing signing) {
    return !clock.instant().isBefore(signing.createdAt().plus(rotateAfter));
  }

  /** Retires the current key and starts signing with a new one; answers the new key id. */
  public synchronized String rotate() {
    Instant now = clock.instant();
    if (current != null) {
      store.retire(current.key().getKeyID(), now);
    }
    ECKey key = generate();
    store.insert(
        new SigningKeyStore.StoredKey(
            key.getKeyID(),
            key.toPublicJWK().toJSONString(),
            sealer.seal(key.toJSONString()),
            now,
            null));
    log.info("signing passes with the new key {}", key.getKeyID());
    reload();
    return key.getKeyID();
  }

  /** The public keys a tenant needs to verify every unexpired pass. */
  public JWKSet published() {
    Instant now = clock.instant();
    List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>();
    for (SigningKeyStore.StoredKey key : stored) {
      if (key.retiredAt() == null || now.isBefore(key.retiredAt().plus(publishAfterRetirement))) {
        Optional.ofNullable(publicKeys.get(key.kid())).ifPresent(keys::add);
      }
    }
    return new JWKSet(keys);
  }

  /** The public key with this id, if it is still published. */
  public Optional<ECKey> publicKey(String kid) {
    return published().getKeys().stream()
        .filter(key -> key.getKeyID().equals(kid))
        .map(key -> (ECKey) key)
        .findFirst();
  }

  private synchronized void reload() {
    List<SigningKeyStore.StoredKey> all = new ArrayList<>(store.all());
    all.sort(Comparator.comparing(SigningKeyStore.StoredKey::createdAt).reversed());
    stored = List.copyOf(all);
    for (SigningKeyStore.StoredKey key : all) {
      try {
        publicKeys.put(key.kid(), ECKey.parse(key.publicJwk()));
      } catch (ParseException e) {
        log.error("signing key {} has an unreadable public half; it is not published", key.kid());
      }
    }
    current = null;
    for (SigningKeyStore.StoredKey key : all) {
      if (key.retiredAt() != null) {
        continue;
      }
      try {
        current = new Signing(ECKey.parse(sealer.open(key.sealedPrivateJwk())), key.createdAt());
        return;
      } catch (GeneralSecurityException | ParseException e) {
        if (!retireUnreadable) {
          throw new UnreadableSigningKeyException(key.kid(), key.createdAt());
        }
        log.warn(
            "signing key {} cannot be opened with this SECRET_KEY; retiring it as configured"
                + " (anteroom.retire-unreadable-signing-keys). Passes it signed still verify until"
                + " they expire.",
            key.kid());
        store.retire(key.kid(), clock.instant());
      }
    }
  }

  private static ECKey generate() {
    try {
      return new ECKeyGenerator(Curve.P_256)
          .keyID(UUID.randomUUID().toString())
          .algorithm(JWSAlgorithm.ES256)
          .keyUse(KeyUse.SIGNATURE)
          .generate();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot generate an EC P-256 key", e);
    }
  }

  private record Signing(ECKey key, Instant createdAt) {}
}

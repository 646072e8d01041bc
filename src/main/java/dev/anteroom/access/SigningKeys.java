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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ES256 key ring. One key signs at a time; it is replaced after {@code rotateAfter} (checked
 * when a pass is signed and by a scheduled {@link #rotateIfDue}) or on demand, and a retired key
 * stays published for {@code publishAfterRetirement} (the longest pass lifetime) so every pass it
 * signed still verifies offline until it expires. A key in service that this node's secret cannot
 * open stops the node ({@link UnreadableSigningKeyException}) unless the operator has chosen to
 * retire such keys.
 *
 * <p>Several nodes may share the store. Each holds a copy of it, read again by {@link #refresh}
 * (scheduled on every node) and when a pass names a key the copy lacks (a key another node made
 * since), at most once per {@link #MISS_RELOAD_EVERY} so that made-up key ids cannot turn every
 * check into a query. A key found due is replaced only after reading the store again, and through
 * {@link SigningKeyStore#replace}, which lets one node win when several find it due at once.
 */
public final class SigningKeys {

  private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

  /** The least time between two reads of the store prompted by a key id this node does not know. */
  public static final Duration MISS_RELOAD_EVERY = Duration.ofSeconds(1);

  private final SigningKeyStore store;
  private final KeySealer sealer;
  private final Clock clock;
  private final Duration rotateAfter;
  private final Duration publishAfterRetirement;
  private final boolean retireUnreadable;
  private final Map<String, ECKey> publicKeys = new ConcurrentHashMap<>();
  private final Set<String> unreadableLogged = ConcurrentHashMap.newKeySet();
  private final AtomicReference<Instant> lastMissReload = new AtomicReference<>(Instant.MIN);
  private volatile Instant nextInlineRotation = Instant.MIN;
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
    reload(true);
    if (current == null) {
      rotate();
    }
  }

  /**
   * The key to sign with now. One that has served its time is replaced first, unless the store
   * cannot be reached: then it goes on signing (it stays valid) and the replacement is tried again
   * at most once per {@link #MISS_RELOAD_EVERY}.
   */
  public ECKey signingKey() {
    if (isDue(current.createdAt())) {
      Instant now = clock.instant();
      if (!now.isBefore(nextInlineRotation)) {
        nextInlineRotation = now.plus(MISS_RELOAD_EVERY);
        try {
          rotateIfDue();
        } catch (RuntimeException e) {
          log.warn(
              "the signing key is due but could not be replaced; it signs on: {}", e.toString());
        }
      }
    }
    return current.key();
  }

  /**
   * Reads the store again and replaces the key in service if it has served its time; answers
   * whether this node replaced it (false too when another node did first, whose key this node then
   * signs with). A scheduled task calls it, so keys rotate on time whether or not passes are being
   * issued; tests call it after moving the clock.
   */
  public synchronized boolean rotateIfDue() {
    reload(false);
    SigningKeyStore.StoredKey inService = inService();
    if (inService != null && !isDue(inService.createdAt())) {
      return false;
    }
    return replace(inService);
  }

  /**
   * Retires the key in service and starts signing with a new one; answers the new key id. Should
   * another node replace the key at the same moment, its new key is the answer.
   */
  public synchronized String rotate() {
    if (!replace(inService())) {
      reload(false);
      replace(inService());
    }
    return current.key().getKeyID();
  }

  /**
   * Reads the store again: keys made or retired by other nodes since are published or dropped, and
   * the newest key in service signs from now on.
   */
  public void refresh() {
    reload(false);
  }

  private boolean isDue(Instant createdAt) {
    return !clock.instant().isBefore(createdAt.plus(rotateAfter));
  }

  private SigningKeyStore.StoredKey inService() {
    return stored.stream().filter(k -> k.retiredAt() == null).findFirst().orElse(null);
  }

  private boolean replace(SigningKeyStore.StoredKey expected) {
    ECKey key = generate();
    boolean replaced =
        store.replace(
            expected == null ? null : expected.kid(),
            new SigningKeyStore.StoredKey(
                key.getKeyID(),
                key.toPublicJWK().toJSONString(),
                sealer.seal(key.toJSONString()),
                clock.instant(),
                null));
    if (replaced) {
      log.info("signing passes with the new key {}", key.getKeyID());
    }
    reload(false);
    return replaced;
  }

  /** The public keys a tenant needs to verify every unexpired pass. */
  public JWKSet published() {
    Instant now = clock.instant();
    List<com.nimbusds.jose.jwk.JWK> keys = new ArrayList<>();
    for (SigningKeyStore.StoredKey key : stored) {
      if (isPublished(key, now)) {
        Optional.ofNullable(publicKeys.get(key.kid())).ifPresent(keys::add);
      }
    }
    return new JWKSet(keys);
  }

  /**
   * The public key with this id, if it is still published. A key this node does not know makes it
   * read the store again (at most once per {@link #MISS_RELOAD_EVERY}): another node may have made
   * it since this node last read.
   */
  public Optional<ECKey> publicKey(String kid) {
    Optional<ECKey> known = publishedKey(kid);
    if (known.isPresent() || kid == null || !mayReloadForMiss()) {
      return known;
    }
    try {
      reload(false);
    } catch (RuntimeException e) {
      log.debug("could not read the signing keys again for key {}", kid, e);
      return known;
    }
    return publishedKey(kid);
  }

  private Optional<ECKey> publishedKey(String kid) {
    Instant now = clock.instant();
    for (SigningKeyStore.StoredKey key : stored) {
      if (key.kid().equals(kid) && isPublished(key, now)) {
        return Optional.ofNullable(publicKeys.get(kid));
      }
    }
    return Optional.empty();
  }

  private boolean isPublished(SigningKeyStore.StoredKey key, Instant now) {
    return key.retiredAt() == null || now.isBefore(key.retiredAt().plus(publishAfterRetirement));
  }

  private boolean mayReloadForMiss() {
    Instant now = clock.instant();
    Instant last = lastMissReload.get();
    return !now.isBefore(last.plus(MISS_RELOAD_EVERY)) && lastMissReload.compareAndSet(last, now);
  }

  /**
   * Reads every key. At start a key in service that this secret cannot open stops the node (or is
   * retired, as configured); later, such a key can only come from a node with another secret, so
   * this node says so and signs on with the key it has rather than fail every pass.
   */
  private synchronized void reload(boolean starting) {
    List<SigningKeyStore.StoredKey> all = new ArrayList<>(store.all());
    all.sort(Comparator.comparing(SigningKeyStore.StoredKey::createdAt).reversed());
    for (SigningKeyStore.StoredKey key : all) {
      if (publicKeys.containsKey(key.kid())) {
        continue;
      }
      try {
        publicKeys.put(key.kid(), ECKey.parse(key.publicJwk()));
      } catch (ParseException e) {
        log.error("signing key {} has an unreadable public half; it is not published", key.kid());
      }
    }
    stored = List.copyOf(all);
    Signing signing = starting ? null : current;
    for (SigningKeyStore.StoredKey key : all) {
      if (key.retiredAt() != null) {
        continue;
      }
      if (signing != null && signing.key().getKeyID().equals(key.kid())) {
        break;
      }
      try {
        signing = new Signing(ECKey.parse(sealer.open(key.sealedPrivateJwk())), key.createdAt());
        break;
      } catch (GeneralSecurityException | ParseException e) {
        if (!starting) {
          if (unreadableLogged.add(key.kid())) {
            log.error(
                "signing key {} cannot be opened with this SECRET_KEY: another node made it with"
                    + " another secret. Every node must have the same SECRET_KEY; this node signs"
                    + " on with key {}.",
                key.kid(),
                signing == null ? null : signing.key().getKeyID());
          }
          break;
        }
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
    current = signing;
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

package dev.anteroom.tenant;

import dev.anteroom.common.Page;
import dev.anteroom.common.PageRequest;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Where applications live. Deleted applications are invisible to every method. */
public interface ApplicationStore {

  /**
   * Stores a new application.
   *
   * @throws dev.anteroom.common.ConflictException if a live application has the same name
   */
  Application create(long id, ApplicationFields fields, ApiKeys.KeyHashes keys, Instant now);

  Optional<Application> find(long id);

  /** Every live application, for the caches of the release engine. */
  java.util.List<Application> all();

  /** A page of live applications, restricted to {@code only} when it is present. */
  Page<Application> list(PageRequest page, Optional<Set<Long>> only);

  /**
   * Replaces the settable fields.
   *
   * @throws dev.anteroom.common.ConflictException if another live application has the name
   */
  Optional<Application> update(long id, ApplicationFields fields, Instant now);

  /** Replaces both key hashes at once; the old keys stop matching immediately. */
  boolean replaceKeys(long id, ApiKeys.KeyHashes keys, Instant now);

  /** Soft-deletes: the row stays with its deletion time and the name becomes free. */
  boolean delete(long id, Instant now);

  /** The live application's sealed webhook secrets. */
  default Optional<SealedWebhookSecrets> webhookSecrets(long id) {
    throw new UnsupportedOperationException("webhook secrets are not kept by this store");
  }

  /**
   * Makes {@code sealed} the live application's webhook secret in one statement; the one it
   * replaces (if any) keeps signing until {@code previousUntil}.
   */
  default boolean replaceWebhookSecret(long id, String sealed, Instant previousUntil) {
    throw new UnsupportedOperationException("webhook secrets are not kept by this store");
  }

  /** The hash of the live application's current secret key, from which its vsk_ is derived. */
  Optional<String> secretKeyHash(long id);

  /** The live application holding a key with this hash, and which kind of key it is. */
  Optional<Caller.ApplicationKey> findByKeyHash(String keyHash);
}

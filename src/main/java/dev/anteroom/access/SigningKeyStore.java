package dev.anteroom.access;

import java.time.Instant;
import java.util.List;

/** Where signing keys are kept, the private half sealed; several nodes may share one store. */
public interface SigningKeyStore {

  List<StoredKey> all();

  void retire(String kid, Instant at);

  /**
   * Starts signing with {@code next}, all or nothing: retires {@code current} and every other key
   * still in service at {@code next}'s creation time, and inserts {@code next}. Answers false and
   * changes nothing when {@code current} is no longer in service (another node replaced it first),
   * so two nodes that find the same key due never both mint a successor.
   *
   * @param current the key in service as the caller last read it, or null when it read none
   */
  boolean replace(String current, StoredKey next);

  /**
   * A key as stored.
   *
   * @param retiredAt when it stopped signing, or null while it may sign
   */
  record StoredKey(
      String kid, String publicJwk, String sealedPrivateJwk, Instant createdAt, Instant retiredAt) {
    @Override
    public String toString() {
      return "StoredKey[" + kid + ", created " + createdAt + ", retired " + retiredAt + "]";
    }
  }
}

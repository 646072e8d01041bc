package dev.anteroom.access;

import java.time.Instant;
import java.util.List;

/** Where signing keys are kept, the private half sealed. */
public interface SigningKeyStore {

  List<StoredKey> all();

  void insert(StoredKey key);

  void retire(String kid, Instant at);

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

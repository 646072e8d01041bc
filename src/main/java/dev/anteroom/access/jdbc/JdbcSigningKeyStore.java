package dev.anteroom.access.jdbc;

import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.millis;

import dev.anteroom.access.SigningKeyStore;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Signing keys in the relational database. */
public final class JdbcSigningKeyStore implements SigningKeyStore {

  private final JdbcClient jdbc;

  public JdbcSigningKeyStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<StoredKey> all() {
    return jdbc.sql(
            "SELECT kid, public_jwk, sealed_private_jwk, created_at, retired_at FROM signing_keys")
        .query(
            (rs, n) ->
                new StoredKey(
                    rs.getString("kid"),
                    rs.getString("public_jwk"),
                    rs.getString("sealed_private_jwk"),
                    instant(rs, "created_at"),
                    instant(rs, "retired_at")))
        .list();
  }

  @Override
  public void insert(StoredKey key) {
    jdbc.sql(
            "INSERT INTO signing_keys (kid, public_jwk, sealed_private_jwk, created_at)"
                + " VALUES (:kid, :publicJwk, :sealed, :createdAt)")
        .param("kid", key.kid())
        .param("publicJwk", key.publicJwk())
        .param("sealed", key.sealedPrivateJwk())
        .param("createdAt", millis(key.createdAt()))
        .update();
  }

  @Override
  public void retire(String kid, Instant at) {
    jdbc.sql("UPDATE signing_keys SET retired_at = :at WHERE kid = :kid AND retired_at IS NULL")
        .param("kid", kid)
        .param("at", millis(at))
        .update();
  }
}

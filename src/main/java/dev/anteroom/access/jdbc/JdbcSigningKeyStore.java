package dev.anteroom.access.jdbc;

import static dev.anteroom.common.jdbc.Rows.instant;
import static dev.anteroom.common.jdbc.Rows.millis;

import dev.anteroom.access.SigningKeyStore;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signing keys in the relational database. A replacement retires the expected key first: its row
 * lock makes a second node replacing the same key wait, then find it retired and give up.
 */
public final class JdbcSigningKeyStore implements SigningKeyStore {

  private final JdbcClient jdbc;
  private final TransactionTemplate transactions;

  public JdbcSigningKeyStore(JdbcClient jdbc, TransactionTemplate transactions) {
    this.jdbc = jdbc;
    this.transactions = transactions;
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
  public void retire(String kid, Instant at) {
    jdbc.sql("UPDATE signing_keys SET retired_at = :at WHERE kid = :kid AND retired_at IS NULL")
        .param("kid", kid)
        .param("at", millis(at))
        .update();
  }

  @Override
  public boolean replace(String current, StoredKey next) {
    Boolean replaced =
        transactions.execute(
            status -> {
              if (current != null) {
                int retired =
                    jdbc.sql(
                            "UPDATE signing_keys SET retired_at = :at"
                                + " WHERE kid = :kid AND retired_at IS NULL")
                        .param("kid", current)
                        .param("at", millis(next.createdAt()))
                        .update();
                if (retired == 0) {
                  return false;
                }
              }
              // Keys two nodes minted at once on an empty store: only the newest stays in service.
              jdbc.sql("UPDATE signing_keys SET retired_at = :at WHERE retired_at IS NULL")
                  .param("at", millis(next.createdAt()))
                  .update();
              jdbc.sql(
                      "INSERT INTO signing_keys (kid, public_jwk, sealed_private_jwk, created_at)"
                          + " VALUES (:kid, :publicJwk, :sealed, :createdAt)")
                  .param("kid", next.kid())
                  .param("publicJwk", next.publicJwk())
                  .param("sealed", next.sealedPrivateJwk())
                  .param("createdAt", millis(next.createdAt()))
                  .update();
              return true;
            });
    return Boolean.TRUE.equals(replaced);
  }
}

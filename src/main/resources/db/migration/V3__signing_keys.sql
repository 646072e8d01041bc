-- Keys that sign access passes (ES256). The private half is sealed with AES-GCM under a key
-- derived from SECRET_KEY; the public half is published at /.well-known/jwks.json until every
-- pass it signed has expired.
CREATE TABLE signing_keys (
  kid VARCHAR(64) NOT NULL,
  public_jwk VARCHAR(1000) NOT NULL,
  sealed_private_jwk VARCHAR(2000) NOT NULL,
  created_at BIGINT NOT NULL,
  retired_at BIGINT,
  CONSTRAINT pk_signing_keys PRIMARY KEY (kid)
);

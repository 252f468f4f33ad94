-- API keys of the security gateway. The key itself is never stored: only its scrypt hash with a
-- per-key salt. `id` is the non-secret lookup id embedded in the key, so verifying a request
-- costs one row read and one scrypt. Keys are revoked, never deleted, so audit rows keep meaning.
CREATE TABLE api_keys (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'operator', 'analyst', 'viewer')),
  salt bytea NOT NULL,
  hash bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

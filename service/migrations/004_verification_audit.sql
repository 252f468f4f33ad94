-- One row per verification answered (cached or not): who asked, which engine, what it said.
-- Like security_events it keeps the input's sha256, never the input.
CREATE TABLE verification_audit (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  key_id text NOT NULL,
  request_id text NOT NULL,
  engine text NOT NULL,
  status text NOT NULL CHECK (status IN ('VERIFIED', 'UNVERIFIABLE', 'BLOCKED')),
  reason text,
  input_sha256 char(64) NOT NULL,
  proof_ref text,
  duration_ms double precision NOT NULL,
  cached boolean NOT NULL
);

CREATE INDEX verification_audit_occurred_at ON verification_audit (occurred_at);

-- Every request the gateway refused. Holds the sha256 of the offending input, never the input
-- itself, so the table can be exported for analysis without leaking what clients sent.
CREATE TABLE security_events (
  id bigserial PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  type text NOT NULL CHECK (type IN ('BLOCKED', 'RATE_LIMITED', 'AUTH_FAILED', 'FORBIDDEN')),
  layer text NOT NULL,
  reason text NOT NULL,
  key_id text,
  request_id text NOT NULL,
  input_sha256 char(64)
);

CREATE INDEX security_events_occurred_at ON security_events (occurred_at);

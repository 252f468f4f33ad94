-- Batch verification jobs, readable later only with the key that created them.
CREATE TABLE batch_jobs (
  id uuid PRIMARY KEY,
  key_id text NOT NULL,
  status text NOT NULL CHECK (status IN ('running', 'completed')),
  item_count integer NOT NULL CHECK (item_count BETWEEN 1 AND 100),
  results jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  completed_at timestamptz
);

CREATE INDEX batch_jobs_key_id ON batch_jobs (key_id, created_at);

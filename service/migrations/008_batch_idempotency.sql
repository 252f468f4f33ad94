-- A batch sent with an Idempotency-Key is stored once per (API key, Idempotency-Key): sending it again,
-- as the proxy does when the replica running it died before answering, answers that one job instead of
-- making a second. The body's SHA-256 tells a repeat from a different batch under a reused key.
-- Both columns are NULL for a batch sent without the header. The api's role needs no new grant: its
-- SELECT, INSERT, UPDATE on batch_jobs (007) cover every column.
ALTER TABLE batch_jobs ADD COLUMN idempotency_key text, ADD COLUMN request_sha256 text;
ALTER TABLE batch_jobs ADD CONSTRAINT batch_jobs_idempotency_pair
  CHECK ((idempotency_key IS NULL) = (request_sha256 IS NULL));
CREATE UNIQUE INDEX batch_jobs_idempotency ON batch_jobs (key_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

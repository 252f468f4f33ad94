-- Security events are coalesced before they are written: one row stands for `count` identical
-- refusals (same type, layer, reason, key, client address and route) seen between
-- occurred_at and last_occurred_at, so a flood of refusals cannot become a flood of rows.
-- request_id and input_sha256 are those of the first refusal of the row.
-- Expand only: a colour still on the previous build inserts without these columns and gets
-- count 1, which is what its row means; readers sum count instead of counting rows.
ALTER TABLE security_events
  ADD COLUMN count integer NOT NULL DEFAULT 1 CHECK (count >= 1),
  ADD COLUMN last_occurred_at timestamptz,
  ADD COLUMN client_address text,
  ADD COLUMN route text,
  -- true when the writer's queue was full: the refusals were counted in this per-(type, layer,
  -- reason) row, and their key, address and route were not kept.
  ADD COLUMN coalesced boolean NOT NULL DEFAULT false;

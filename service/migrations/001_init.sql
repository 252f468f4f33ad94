-- Instance-level facts of this database (e.g. when it was initialised); later features keep
-- their one-off markers here rather than in a table of their own.
-- schema_migrations itself is created by the runner (src/db/migrate/runner.ts).
CREATE TABLE app_meta (
  key text PRIMARY KEY,
  value text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO app_meta (key, value) VALUES ('initialised_at', now()::text);

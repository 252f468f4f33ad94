-- The api serves as verifier_app (infra/model/database.ts), which holds only the rights below, each one
-- a statement of the service uses; the migrations, run as the schema's owner, hold the rest. No DELETE
-- anywhere: keys are revoked, events and audit rows are kept. A migration that adds a table the api
-- reads or writes grants it here too, and the api's tests, which serve as this role, fail until it does.
-- The role is made by the database's start (the postgres image's postgres-roles; the tests make it on
-- their server): a database without it refuses this migration, loudly, rather than serve as another role.
GRANT SELECT, INSERT, UPDATE ON api_keys TO verifier_app;
GRANT SELECT, INSERT ON security_events TO verifier_app;
GRANT USAGE ON SEQUENCE security_events_id_seq TO verifier_app;
GRANT INSERT ON verification_audit TO verifier_app;
GRANT USAGE ON SEQUENCE verification_audit_id_seq TO verifier_app;
GRANT SELECT, INSERT, UPDATE ON batch_jobs TO verifier_app;

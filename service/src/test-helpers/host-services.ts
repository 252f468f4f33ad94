import type { Env } from "../config.js";

/** The host Postgres (trust auth) and Redis (no password) the service tests run against. */
export const HOST_POSTGRES = { host: "127.0.0.1", port: 5432, user: "postgres", adminDatabase: "test" } as const;
export const HOST_REDIS = { host: "127.0.0.1", port: 6379 } as const;

/**
 * The role the api serves as (infra/model/database.ts; migration 007 grants it its rights): the tests'
 * apps serve as it too, so a query the grants do not allow fails a test. Trust auth: no password.
 */
export const APP_ROLE = "verifier_app";

/** Trust auth ignores it; config still demands a real-looking secret. */
export const TEST_DATABASE_PASSWORD = "test-password-ignored-by-trust";

/**
 * A complete, valid environment for `database`, with `overrides` applied last. Overload shedding is
 * off: suites running side by side on a shared host push the test process's event-loop utilisation
 * past any threshold, and a functional suite's request shed with 503 OVERLOADED proves nothing.
 * plugins/overload.test.ts proves shedding with thresholds of its own.
 */
export function testEnv(database: string, overrides: Env = {}): Env {
  return {
    HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    DATABASE_HOST: HOST_POSTGRES.host,
    DATABASE_PORT: String(HOST_POSTGRES.port),
    DATABASE_NAME: database,
    DATABASE_USER: APP_ROLE,
    DATABASE_PASSWORD: TEST_DATABASE_PASSWORD,
    // As in the stacks: migrations as the schema's owner (here the server's superuser), serving as the app role.
    DATABASE_MIGRATION_USER: HOST_POSTGRES.user,
    DATABASE_MIGRATION_PASSWORD: TEST_DATABASE_PASSWORD,
    REDIS_HOST: HOST_REDIS.host,
    REDIS_PORT: String(HOST_REDIS.port),
    SHED_MAX_EVENT_LOOP_UTILIZATION: "0",
    SHED_MAX_EVENT_LOOP_DELAY_MS: "0",
    ...overrides,
  };
}

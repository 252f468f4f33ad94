import type { Env } from "../../config.js";
import { findMigrationsDir } from "../../db/migrate/directory.js";
import { runMigrations } from "../../db/migrate/runner.js";
import { createLogger } from "../../logger.js";
import { createMetrics } from "../../plugins/metrics.js";
import { buildTestApp, type TestApp } from "../../test-helpers/test-app.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../../test-helpers/throwaway-database.js";
import { generateApiKey } from "../keys/api-key.js";
import { hashNewKey } from "../keys/key-hash.js";
import { KeyStore } from "../keys/key-store.js";
import { ROLES, type Role } from "../roles.js";
import { connected, dropNamespace, testRedis, uniquePrefix } from "./redis-namespace.js";

/** The real app on a migrated throwaway database and its own Redis prefix, with one key per role. */
export interface SecuredApp extends TestApp {
  db: ThrowawayDatabase;
  prefix: string;
  /** A live key for each role, created directly in the table. */
  keys: Record<Role, string>;
  /** `{ "x-api-key": <key of role> }` */
  as: (role: Role) => Record<string, string>;
  /** Closes the app, drops the database and the Redis keys under the prefix. */
  drop: () => Promise<void>;
}

export async function migratedDatabase(label: string): Promise<ThrowawayDatabase> {
  const db = await createThrowawayDatabase(label);
  // An idle client killed by the server (a restart, another suite's pg_terminate_backend) must not crash the run.
  db.pool.on("error", () => undefined);
  await runMigrations(db.pool, {
    dir: findMigrationsDir(),
    logger: createLogger({ level: "silent" }),
    histogram: createMetrics().dbQueryDurationSeconds,
  });
  return db;
}

export async function openSecuredApp(label: string, overrides: Env = {}, db?: ThrowawayDatabase): Promise<SecuredApp> {
  const database = db ?? (await migratedDatabase(label));
  const prefix = uniquePrefix(label);
  const test = buildTestApp(database.name, { REDIS_KEY_PREFIX: prefix, ...overrides });
  await test.app.ready();
  if (overrides.REDIS_PORT === undefined) await connected(test.redis);
  const keys = await createRoleKeys(new KeyStore(database.pool, createMetrics().dbQueryDurationSeconds));
  const drop = async () => {
    await test.close();
    await dropNamespace(await connected(testRedis()), prefix);
    await database.drop();
  };
  return { ...test, db: database, prefix, keys, as: (role) => ({ "x-api-key": keys[role] }), drop };
}

async function createRoleKeys(store: KeyStore): Promise<Record<Role, string>> {
  const entries = await Promise.all(
    ROLES.map(async (role) => {
      const { id, key } = generateApiKey();
      await store.insert({ id, name: `test ${role}`, role, ...(await hashNewKey(key)) });
      return [role, key] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<Role, string>;
}

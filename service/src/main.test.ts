import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { testEnv } from "./test-helpers/host-services.js";
import { freePort } from "./test-helpers/ports.js";
import { spawnService } from "./test-helpers/service-process.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "./test-helpers/throwaway-database.js";

let database: ThrowawayDatabase;
beforeAll(async () => {
  database = await createThrowawayDatabase("main");
});
afterAll(async () => {
  await database.drop();
});

describe("main: fatal boot errors", () => {
  it("lists every configuration problem on stderr and exits 1 before touching anything", async () => {
    const service = spawnService({ PORT: "9464", DATABASE_PASSWORD: "short-secret", REDIS_HOST: "127.0.0.1" });
    assert.deepEqual(await service.exited, { code: 1, signal: null });
    assert.equal(
      service.stderr(),
      [
        "fatal [CONFIG_INVALID]: invalid environment (5 problem(s)):",
        "  DATABASE_HOST: received missing; allowed: a host name or IP address (required)",
        "  DATABASE_NAME: received missing; allowed: a database name (required)",
        "  DATABASE_USER: received missing; allowed: a database role (required)",
        "  DATABASE_PASSWORD: received 12 characters (value hidden); allowed: at least 16 characters, in DATABASE_PASSWORD or a file named by DATABASE_PASSWORD_FILE",
        "  METRICS_PORT: received missing; allowed: an integer from 1 to 65535 that differs from PORT (both are 9464)",
        "",
      ].join("\n"),
    );
    assert.deepEqual(service.logs, []);
  });

  it("gives up on an unreachable database after DB_WAIT_TIMEOUT_MS with one line and exit 1", async () => {
    const closed = await freePort();
    const env = testEnv(database.name, {
      DATABASE_PORT: String(closed),
      DB_WAIT_TIMEOUT_MS: "300",
      PORT: String(await freePort()),
    });
    const service = spawnService(env);
    assert.deepEqual(await service.exited, { code: 1, signal: null });
    const lines = service.stderr().trimEnd().split("\n");
    assert.equal(lines.length, 1);
    assert.match(
      lines[0] ?? "",
      new RegExp(
        `^fatal \\[DB_WAIT_TIMEOUT\\]: Postgres at 127\\.0\\.0\\.1:${closed}/${database.name} did not answer within 300 ms`,
      ),
    );
  });
});

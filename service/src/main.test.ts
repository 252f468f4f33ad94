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
    assert.match(
      await bootFailure(env),
      new RegExp(
        `^fatal \\[DB_WAIT_TIMEOUT\\]: Postgres at 127\\.0\\.0\\.1:${closed}/${database.name} did not answer within 300 ms`,
      ),
    );
  });

  it("fails boot with one METRICS_HOST_UNUSABLE line when METRICS_HOST is no address of this host", async () => {
    const env = testEnv(database.name, {
      PORT: String(await freePort()),
      METRICS_PORT: String(await freePort()),
      METRICS_HOST: "192.0.2.1",
    });
    assert.match(
      await bootFailure(env),
      /^fatal \[METRICS_HOST_UNUSABLE\]: METRICS_HOST: received "192\.0\.2\.1" \(listening on port \d+ failed: .*EADDRNOTAVAIL.*\); allowed: .*on Docker, this container's alias on the metrics network \(rendered by infra\/model\), never 0\.0\.0\.0 there$/,
    );
  });
});

/** A boot that fails exits 1 after exactly one line on stderr; that line. */
async function bootFailure(env: NodeJS.ProcessEnv): Promise<string> {
  const service = spawnService(env);
  assert.deepEqual(await service.exited, { code: 1, signal: null });
  const lines = service.stderr().trimEnd().split("\n");
  assert.equal(lines.length, 1);
  return lines[0] ?? "";
}

import assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import pg from "pg";
import { createLogger } from "../logger.js";
import { createMetrics } from "../plugins/metrics.js";
import { HOST_POSTGRES } from "../test-helpers/host-services.js";
import { freePort } from "../test-helpers/ports.js";
import { nextDelayMs, waitForDatabase, type WaitOptions } from "./wait-for-database.js";
import type { Queryable } from "./timed-query.js";

const logger = createLogger({ level: "silent" });
const pools: pg.Pool[] = [];
afterAll(async () => {
  for (const pool of pools) await pool.end();
});

function pool(port: number): pg.Pool {
  const created = new pg.Pool({
    host: HOST_POSTGRES.host,
    port,
    user: HOST_POSTGRES.user,
    database: HOST_POSTGRES.adminDatabase,
  });
  pools.push(created);
  return created;
}

function options(timeoutMs: number): WaitOptions {
  return { timeoutMs, target: "127.0.0.1:1/db", logger, histogram: createMetrics().dbQueryDurationSeconds };
}

describe("nextDelayMs", () => {
  it("doubles from 100 ms up to a 2 s ceiling", () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6, 7].map((attempt) => nextDelayMs(attempt, 0, 60_000)),
      [100, 200, 400, 500, 500, 500, 500],
    );
  });

  it("stops once the next attempt would start past the deadline", () => {
    assert.equal(nextDelayMs(3, 600, 1000), 400);
    assert.equal(nextDelayMs(3, 601, 1000), null);
    assert.equal(nextDelayMs(1, 0, 0), null);
  });
});

describe("waitForDatabase", () => {
  it("returns after one attempt when Postgres answers", async () => {
    assert.equal(await waitForDatabase(pool(HOST_POSTGRES.port), options(1_000)), 1);
  });

  it("retries until the database answers", async () => {
    let calls = 0;
    const flaky: Queryable = {
      query: async () => {
        calls += 1;
        if (calls < 3) throw Object.assign(new Error("refused"), { code: "ECONNREFUSED" });
        return { rows: [], command: "SELECT", rowCount: 1, oid: 0, fields: [] };
      },
    };
    assert.equal(await waitForDatabase(flaky, options(5_000)), 3);
  });

  it("gives up after the timeout with a coded error that says what to fix", async () => {
    const closed = pool(await freePort());
    await assert.rejects(waitForDatabase(closed, options(250)), (error: Error & { code: string }) => {
      assert.equal(error.code, "DB_WAIT_TIMEOUT");
      assert.match(
        error.message,
        /^Postgres at 127\.0\.0\.1:1\/db did not answer within 250 ms \(\d+ attempts, last error: ECONNREFUSED\); check DATABASE_HOST/,
      );
      return true;
    });
  });
});

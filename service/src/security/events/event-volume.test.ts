import assert from "node:assert/strict";
import { afterAll, beforeAll, describe, it } from "vitest";
import { connected, dropNamespace, testRedis } from "../test-helpers/redis-namespace.js";
import { migratedDatabase, openSecuredApp, type SecuredApp } from "../test-helpers/secured-app.js";
import type { ThrowawayDatabase } from "../../test-helpers/throwaway-database.js";

const QUEUE_MAX = 50;
const REFUSALS = 3_000;
/** No interval flush during a test: the rows written are exactly what close() flushes, one batch. */
const NO_INTERVAL = { SECURITY_EVENT_QUEUE_MAX: String(QUEUE_MAX), SECURITY_EVENT_FLUSH_MS: "600000" };

let db: ThrowawayDatabase;
const prefixes: string[] = [];
beforeAll(async () => {
  db = await migratedDatabase("eventvolume");
});
afterAll(async () => {
  for (const prefix of prefixes) await dropNamespace(await connected(testRedis()), prefix);
  await db.drop();
});

async function open(overrides: Record<string, string>): Promise<SecuredApp> {
  const app = await openSecuredApp("eventvolume", overrides, db);
  prefixes.push(app.prefix);
  return app;
}

async function tally(): Promise<{ rows: number; refusals: number; coalesced: number }> {
  const { rows } = await db.pool.query(
    "SELECT count(*)::int AS rows, COALESCE(sum(count), 0)::int AS refusals, count(*) FILTER (WHERE coalesced)::int AS coalesced FROM security_events",
  );
  return rows[0];
}

describe("security event volume", () => {
  it("turns 3,000 refusals from 3,000 addresses into at most queue-max + 1 rows whose counts sum to 3,000", async () => {
    await db.pool.query("DELETE FROM security_events");
    const api = await open(NO_INTERVAL);
    for (let i = 0; i < REFUSALS; i += 1)
      await api.app.inject({ method: "GET", url: "/admin/keys", remoteAddress: `10.1.${i >> 8}.${i & 255}` });
    const overflow = await api.metrics.registry.getSingleMetricAsString("security_event_queue_overflow_total");
    await api.close();
    assert.deepEqual(await tally(), { rows: QUEUE_MAX + 1, refusals: REFUSALS, coalesced: 1 });
    assert.match(
      overflow,
      new RegExp(`security_event_queue_overflow_total\\{type="AUTH_FAILED"\\} ${REFUSALS - QUEUE_MAX}$`, "m"),
    );
  });

  it("turns 3,000 refusals from one address into one row per kind of refusal", async () => {
    await db.pool.query("DELETE FROM security_events");
    const api = await open(NO_INTERVAL);
    const answers = { 401: 0, 429: 0 } as Record<number, number>;
    for (let i = 0; i < REFUSALS; i += 1) {
      const answer = await api.app.inject({ method: "GET", url: "/admin/keys", remoteAddress: "198.51.100.99" });
      answers[answer.statusCode] = (answers[answer.statusCode] ?? 0) + 1;
    }
    await api.close();
    // 300 per minute pass to AUTH_REQUIRED (the default budget); a minute may turn during the loop, so the
    // rows are held to what the requests were answered, not to a multiple of the budget.
    const { rows } = await db.pool.query("SELECT reason, count FROM security_events ORDER BY reason");
    assert.deepEqual(
      rows.map((row) => [row.reason, row.count]),
      [
        ["ADDRESS_RATE_LIMITED", answers[429]],
        ["AUTH_REQUIRED", answers[401]],
      ],
    );
    assert.equal(answers[401]! + answers[429]!, REFUSALS);
    assert.ok(answers[401]! >= 300 && answers[401]! <= 600, `${answers[401]} passed to AUTH_REQUIRED`);
  });

  it("shows refusals, not rows, in the admin summary and export", async () => {
    const reader = await open({});
    const from = encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString());
    const read = (url: string) => reader.app.inject({ method: "GET", url, headers: reader.as("admin") });
    const summary = (await read(`/admin/security/summary?from=${from}`)).json();
    const required = (await db.pool.query("SELECT count FROM security_events WHERE reason = 'AUTH_REQUIRED'")).rows[0]
      .count;
    assert.deepEqual(
      [summary.total, summary.by_type, summary.by_layer],
      [
        REFUSALS,
        { AUTH_FAILED: required, RATE_LIMITED: REFUSALS - required },
        { auth: required, address_limit: REFUSALS - required },
      ],
    );
    const csv = (await read(`/admin/security/events?format=csv&from=${from}`)).body.trim().split("\r\n");
    const countColumn = csv[0]!.split(",").indexOf("count");
    assert.equal(
      csv.slice(1).reduce((sum, line) => sum + Number(line.split(",")[countColumn]), 0),
      REFUSALS,
    );
    await reader.close();
  });
});

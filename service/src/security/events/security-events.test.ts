import assert from "node:assert/strict";
import { pino } from "pino";
import { Counter, Histogram, Registry } from "prom-client";
import { describe, it } from "vitest";
import type { Queryable } from "../../db/timed-query.js";
import { BackgroundWrites } from "./background-writes.js";
import type { SecurityEvent } from "./event-types.js";
import { SecurityEventLog } from "./security-events.js";

const refusal = (clientAddress: string): SecurityEvent => ({
  type: "BLOCKED",
  layer: "injection",
  reason: "PROMPT_INJECTION",
  keyId: "k",
  requestId: `r-${clientAddress}`,
  inputSha256: null,
  clientAddress,
  route: "POST /verify/natural_language",
});

/** The one seam, Postgres: each INSERT fails while `down` says so, else is recorded (addresses and counts). */
function database(down: () => boolean) {
  const inserts: { attempted: number; written: [string, number][][] } = { attempted: 0, written: [] };
  const db: Queryable = {
    async query(_text: string, values?: unknown[]) {
      inserts.attempted += 1;
      if (down()) throw new Error("Connection terminated unexpectedly");
      const [addresses, counts] = [values![8] as string[], values![10] as number[]];
      inserts.written.push(addresses.map((a, i) => [a, counts[i]!]));
      return { rows: [], rowCount: addresses.length } as never;
    },
  };
  return { db, inserts };
}

function eventLog(db: Queryable) {
  const registry = new Registry();
  const failures = new Counter({ name: "f", help: "f", labelNames: ["table"], registers: [registry] });
  const histogram = new Histogram({ name: "h", help: "h", labelNames: ["operation"], registers: [registry] });
  const writes = new BackgroundWrites(pino({ level: "silent" }), failures);
  const log = new SecurityEventLog(db, histogram, writes, { queueMax: 10, flushMs: 600_000, onOverflow: () => {} });
  return { log, failures: async () => (await failures.get()).values.map((v) => v.value) };
}

describe("SecurityEventLog when Postgres fails a write", () => {
  it("keeps the refusals of a failed write and writes them, counts intact, with the next one", async () => {
    let failing = 1;
    const { db, inserts } = database(() => failing-- > 0);
    const { log, failures } = eventLog(db);
    log.record(refusal("198.51.100.1"));
    log.record(refusal("198.51.100.1"));
    log.record(refusal("198.51.100.2"));
    await log.flush();
    assert.equal(inserts.attempted, 2);
    assert.deepEqual(inserts.written, [
      [
        ["198.51.100.1", 2],
        ["198.51.100.2", 1],
      ],
    ]);
    assert.deepEqual(await failures(), [2]);
    await log.close();
  });

  it("a read's flush gives up after two attempts while Postgres is down; what it held is written once it is back", async () => {
    let down = true;
    const { db, inserts } = database(() => down);
    const { log } = eventLog(db);
    log.record(refusal("198.51.100.3"));
    await log.flush();
    assert.deepEqual([inserts.attempted, inserts.written], [2, []]);
    log.record(refusal("198.51.100.3"));
    down = false;
    await log.close();
    assert.deepEqual(inserts.written, [[["198.51.100.3", 2]]]);
  });
});

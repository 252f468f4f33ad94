import { test } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { errorSchema } from "../routes/api-schemas.js";
import { installInFlightLimit } from "./in-flight.js";

/** A route that holds its request until released, so the number in flight is exact. */
async function heldApp(max: number) {
  const app = Fastify();
  const releases: (() => void)[] = [];
  let gate: { inFlight(): number } = { inFlight: () => -1 };
  app.get("/health/live", async () => ({ status: "ok" }));
  await app.register(async (gated) => {
    gate = installInFlightLimit(gated, max);
    gated.get("/verify", { schema: { response: { 200: { type: "object" }, 503: errorSchema } } }, () => new Promise((resolve) => releases.push(() => resolve({ status: "VERIFIED" }))));
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const waitHeld = async (n: number) => {
    while (releases.length < n) await new Promise((r) => setTimeout(r, 5));
  };
  return { app, base, releases, waitHeld, gate: () => gate };
}

test("the request past the limit is shed at once with a coded 503 and Retry-After; health is not gated", async () => {
  const { app, base, releases, waitHeld, gate } = await heldApp(2);
  try {
    const held = [fetch(`${base}/verify`), fetch(`${base}/verify`)];
    await waitHeld(2);
    const shed = await fetch(`${base}/verify`);
    const body = (await shed.json()) as Record<string, unknown>;
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get("retry-after"), "5");
    assert.deepEqual([body.statusCode, body.code], [503, "OVERLOADED"]);
    assert.equal((await fetch(`${base}/health/live`)).status, 200);
    for (const release of releases.splice(0)) release();
    assert.deepEqual((await Promise.all(held)).map((r) => r.status), [200, 200]);
    while (gate().inFlight() !== 0) await new Promise((r) => setTimeout(r, 5));
    const again = fetch(`${base}/verify`);
    await waitHeld(1);
    releases.splice(0).forEach((release) => release());
    assert.equal((await again).status, 200, "the slots are free again");
  } finally {
    await app.close();
  }
});

test("a client that goes away frees its slot", async () => {
  const { app, base, releases, waitHeld, gate } = await heldApp(1);
  try {
    const abort = new AbortController();
    const gone = fetch(`${base}/verify`, { signal: abort.signal }).catch((e: Error) => e.name);
    await waitHeld(1);
    assert.equal(gate().inFlight(), 1);
    abort.abort();
    assert.equal(await gone, "AbortError");
    while (gate().inFlight() !== 0) await new Promise((r) => setTimeout(r, 5));
    const next = fetch(`${base}/verify`);
    await waitHeld(2);
    releases.splice(0).forEach((release) => release());
    assert.equal((await next).status, 200);
  } finally {
    await app.close();
  }
});

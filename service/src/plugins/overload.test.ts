import { test } from "vitest";
import assert from "node:assert/strict";
import Fastify, { type FastifyInstance } from "fastify";
import { errorSchema } from "../routes/api-schemas.js";
import { installOverloadShedding, type OverloadLimits } from "./overload.js";

/** Keeps the event loop busy: ten 300 ms blocks 20 ms apart, ~3 s at utilisation near 1 and a mean delay near 300 ms. */
async function saturate(): Promise<void> {
  for (let i = 0; i < 10; i++) {
    const until = Date.now() + 300;
    while (Date.now() < until);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An app with /health/live outside the shedding and POST /verify (its 503 schema the API's) inside it. */
async function listenGated(limits: OverloadLimits): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify();
  app.get("/health/live", async () => ({ status: "ok" }));
  await app.register(async (gated) => {
    await installOverloadShedding(gated, limits);
    gated.post("/verify", { schema: { response: { 200: { type: "object" }, 503: errorSchema } } }, async () => ({
      status: "VERIFIED",
    }));
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, base: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` };
}

const verify = (base: string) => fetch(`${base}/verify`, { method: "POST" });

test("past the event-loop delay threshold, gated routes answer 503 OVERLOADED with Retry-After; others keep answering", async () => {
  const { app, base } = await listenGated({ maxEventLoopDelayMs: 50, maxEventLoopUtilization: 0 });
  try {
    assert.equal((await verify(base)).status, 200, "not shedding when idle");
    await saturate();
    const shed = await verify(base);
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get("retry-after"), "5");
    assert.equal(((await shed.json()) as { code: string }).code, "OVERLOADED");
    assert.equal((await fetch(`${base}/health/live`)).status, 200, "health is never shed");
  } finally {
    await app.close();
  }
});

test("saturation sheds even when the mean delay stays low: a route's 503 schema holds the coded body, not a 500", async () => {
  // A delay threshold no test reaches: only utilisation can shed here.
  const { app, base } = await listenGated({ maxEventLoopDelayMs: 60_000, maxEventLoopUtilization: 0.5 });
  try {
    await saturate();
    const shed = await verify(base);
    const body = (await shed.json()) as Record<string, unknown>;
    assert.equal(shed.status, 503, JSON.stringify(body));
    assert.equal(shed.headers.get("retry-after"), "5");
    assert.deepEqual(Object.keys(body).sort(), ["code", "error", "message", "requestId", "statusCode"]);
    assert.deepEqual([body.statusCode, body.code], [503, "OVERLOADED"]);
  } finally {
    await app.close();
  }
});

test("with both thresholds 0 (off), the same saturation sheds nothing", async () => {
  const { app, base } = await listenGated({ maxEventLoopDelayMs: 0, maxEventLoopUtilization: 0 });
  try {
    await saturate();
    assert.equal((await verify(base)).status, 200);
  } finally {
    await app.close();
  }
});

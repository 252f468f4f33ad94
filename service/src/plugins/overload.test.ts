import { test } from "vitest";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { errorSchema } from "../routes/api-schemas.js";
import { installOverloadShedding } from "./overload.js";

const block = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

test("past the event-loop delay threshold, gated routes answer 503 OVERLOADED with Retry-After; others keep answering", async () => {
  const app = Fastify();
  app.get("/health/live", async () => ({ status: "ok" }));
  await app.register(async (gated) => {
    await installOverloadShedding(gated, 50);
    gated.get("/verify", async () => ({ status: "VERIFIED" }));
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    assert.equal((await fetch(`${base}/verify`)).status, 200, "not shedding when idle");
    for (let i = 0; i < 10; i++) {
      block(300);
      await new Promise((r) => setTimeout(r, 20));
    }
    const shed = await fetch(`${base}/verify`);
    assert.equal(shed.status, 503);
    assert.equal(shed.headers.get("retry-after"), "5");
    assert.equal(((await shed.json()) as { code: string }).code, "OVERLOADED");
    assert.equal((await fetch(`${base}/health/live`)).status, 200, "health is never shed");
  } finally {
    await app.close();
  }
});

test("saturation sheds even when the mean delay stays low: a route's 503 schema holds the coded body, not a 500", async () => {
  const app = Fastify();
  await app.register(async (gated) => {
    // A delay threshold no test reaches: only utilisation can shed here.
    await installOverloadShedding(gated, 60_000, 0.5);
    gated.post("/verify", { schema: { response: { 200: { type: "object" }, 503: errorSchema } } }, async () => ({
      status: "VERIFIED",
    }));
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    for (let i = 0; i < 10; i++) {
      block(300);
      await new Promise((r) => setTimeout(r, 20));
    }
    const shed = await fetch(`${base}/verify`, { method: "POST" });
    const body = (await shed.json()) as Record<string, unknown>;
    assert.equal(shed.status, 503, JSON.stringify(body));
    assert.equal(shed.headers.get("retry-after"), "5");
    assert.deepEqual(Object.keys(body).sort(), ["code", "error", "message", "requestId", "statusCode"]);
    assert.deepEqual([body.statusCode, body.code], [503, "OVERLOADED"]);
  } finally {
    await app.close();
  }
});

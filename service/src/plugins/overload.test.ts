import { test } from "node:test";
import assert from "node:assert/strict";
import Fastify from "fastify";
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

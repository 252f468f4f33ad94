import { test } from "vitest";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { errorSchema } from "../routes/api-schemas.js";
import { eventually } from "../test-helpers/eventually.js";
import { postHead, RawClient } from "../test-helpers/raw-client.js";
import { installInFlightLimit } from "./in-flight.js";
import type { InFlightLimits, InFlightSlots } from "./in-flight-slots.js";

const SAFETY_NET_MS = 10_000;
const responses = { 200: { type: "object" }, 429: errorSchema, 503: errorSchema };

/** Routes that hold each request until released, so what is in flight is exact; x-caller names the caller. */
async function heldApp(limits: InFlightLimits) {
  const app = Fastify();
  const releases: (() => void)[] = [];
  let slots: InFlightSlots | undefined;
  let authenticated = 0;
  const held = () => new Promise((resolve) => releases.push(() => resolve({ status: "VERIFIED" })));
  app.get("/health/live", async () => ({ status: "ok" }));
  await app.register(async (gated) => {
    slots = installInFlightLimit(gated, limits, {
      callerOf: (request) => ({
        id: String(request.headers["x-caller"] ?? "anonymous"),
        admin: request.headers["x-caller"] === "admin",
      }),
    });
    gated.addHook("onRequest", async () => {
      authenticated += 1;
    });
    gated.get("/verify", { schema: { response: responses } }, held);
    gated.post("/verify", { schema: { response: responses } }, held);
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const port = (app.server.address() as { port: number }).port;
  const call = (caller: string) => fetch(`http://127.0.0.1:${port}/verify`, { headers: { "x-caller": caller } });
  const waitHeld = (n: number) => eventually(async () => releases.length >= n, SAFETY_NET_MS, 5);
  const releaseAll = () => {
    for (const release of releases.splice(0)) release();
  };
  const idle = () => eventually(async () => slots?.total === 0 && slots.callers === 0, SAFETY_NET_MS, 5);
  return { app, port, call, waitHeld, releaseAll, idle, slots: () => slots!, authenticated: () => authenticated };
}

async function codeOf(response: Response): Promise<unknown[]> {
  const body = (await response.json()) as Record<string, unknown>;
  return [response.status, body.code, response.headers.get("retry-after")];
}

test("when every slot is taken, a request is shed with a coded 503 before authentication; health is not gated", async () => {
  const held = await heldApp({ max: 2, perCaller: 2, adminReserve: 0 });
  try {
    const first = [held.call("a"), held.call("a")];
    await held.waitHeld(2);
    const before = held.authenticated();
    assert.deepEqual(await codeOf(await held.call("b")), [503, "OVERLOADED", "5"]);
    assert.equal(held.authenticated(), before, "shed before the authentication hook ran");
    assert.equal((await fetch(`http://127.0.0.1:${held.port}/health/live`)).status, 200);
    held.releaseAll();
    assert.deepEqual(
      (await Promise.all(first)).map((r) => r.status),
      [200, 200],
    );
    await held.idle();
  } finally {
    held.releaseAll();
    await held.app.close();
  }
});

test("one caller gets at most its share: past it 429 CONCURRENCY_LIMITED, while another caller is still served", async () => {
  const held = await heldApp({ max: 4, perCaller: 2, adminReserve: 0 });
  try {
    const hog = [held.call("hog"), held.call("hog")];
    await held.waitHeld(2);
    assert.deepEqual(await codeOf(await held.call("hog")), [429, "CONCURRENCY_LIMITED", "1"]);
    const other = held.call("other");
    await held.waitHeld(3);
    held.releaseAll();
    assert.deepEqual(
      (await Promise.all([...hog, other])).map((r) => r.status),
      [200, 200, 200],
    );
    await held.idle();
  } finally {
    held.releaseAll();
    await held.app.close();
  }
});

test("the admin reserve: once the shared slots are taken, other callers are shed and an admin key is still served", async () => {
  const held = await heldApp({ max: 3, perCaller: 2, adminReserve: 1 });
  try {
    const shared = [held.call("a"), held.call("b")];
    await held.waitHeld(2);
    assert.deepEqual(await codeOf(await held.call("c")), [503, "OVERLOADED", "5"]);
    const admin = held.call("admin");
    await held.waitHeld(3);
    held.releaseAll();
    assert.deepEqual(
      (await Promise.all([...shared, admin])).map((r) => r.status),
      [200, 200, 200],
    );
    await held.idle();
  } finally {
    held.releaseAll();
    await held.app.close();
  }
});

test("a request takes its slot only once its body is in, and a client that goes away frees it", async () => {
  const held = await heldApp({ max: 1, perCaller: 1, adminReserve: 0 });
  const slow = await RawClient.open(held.port);
  try {
    slow.write(`${postHead("/verify", { "x-caller": "slow" }, 7)}{"a":`);
    const other = held.call("other");
    await held.waitHeld(1);
    assert.deepEqual([held.slots().total, held.slots().callers], [1, 1], "the slow body holds no slot");
    held.releaseAll();
    assert.equal((await other).status, 200);
    await held.idle();
    slow.write("1}");
    await held.waitHeld(1);
    assert.equal(held.slots().total, 1, "the complete body took the slot");
    slow.destroy();
    await held.idle();
  } finally {
    slow.destroy();
    held.releaseAll();
    await held.app.close();
  }
});

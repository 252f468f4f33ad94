import { test } from "vitest";
import assert from "node:assert/strict";
import Fastify, { type FastifyInstance } from "fastify";
import { postHead, RawClient } from "../test-helpers/raw-client.js";
import { installBodyDeadline } from "./body-deadline.js";
import { installErrorHandlers } from "./error-handler.js";

const BODY_TIMEOUT_MS = 300;
/** For bodies that must get through: far above any stall of a busy host. */
const GENEROUS_BODY_TIMEOUT_MS = 5_000;
const SAFETY_NET_MS = 10_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** POST /echo answers its body; POST /slow answers after twice the body deadline, once the body is in. */
async function withApp(run: (port: number) => Promise<void>, bodyTimeoutMs = BODY_TIMEOUT_MS): Promise<void> {
  const app: FastifyInstance = Fastify();
  installErrorHandlers(app);
  installBodyDeadline(app, bodyTimeoutMs);
  app.post("/echo", async (request) => request.body);
  app.post("/slow", async (request) => {
    await sleep(2 * BODY_TIMEOUT_MS);
    return request.body;
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    await run((app.server.address() as { port: number }).port);
  } finally {
    await app.close();
  }
}

async function exchange(port: number, ...parts: string[]) {
  const client = await RawClient.open(port);
  try {
    for (const [index, part] of parts.entries()) {
      if (index > 0) await sleep(50);
      client.write(part);
    }
    return await client.closedByServer(SAFETY_NET_MS);
  } finally {
    client.destroy();
  }
}

const close = { connection: "close" };

test("a body shorter than its Content-Length is answered 408 BODY_TIMEOUT with the request id, and the connection closed", async () => {
  await withApp(async (port) => {
    const answer = await exchange(port, `${postHead("/echo", {}, 100)}{"a":`);
    assert.equal(answer.status, 408, answer.raw);
    assert.deepEqual(Object.keys(answer.body ?? {}).sort(), ["code", "error", "message", "requestId", "statusCode"]);
    assert.deepEqual([answer.body?.code, answer.body?.error], ["BODY_TIMEOUT", "Request Timeout"]);
    assert.match(answer.raw, /\r\nconnection: close\r\n/i);
  });
});

test("a chunked body that never ends is answered 408 BODY_TIMEOUT", async () => {
  await withApp(async (port) => {
    const head =
      "POST /echo HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n";
    const answer = await exchange(port, head, '5\r\n{"a":\r\n');
    assert.deepEqual([answer.status, answer.body?.code], [408, "BODY_TIMEOUT"], answer.raw);
  });
});

test("a body sent in parts within the deadline is parsed", async () => {
  await withApp(async (port) => {
    const echoed = await exchange(port, postHead("/echo", close, 7), '{"a":', "1}");
    assert.deepEqual([echoed.status, echoed.body], [200, { a: 1 }], echoed.raw);
  }, GENEROUS_BODY_TIMEOUT_MS);
});

test("the deadline ends with the body: a handler slower than it still answers", async () => {
  await withApp(async (port) => {
    const slow = await exchange(port, `${postHead("/slow", close, 7)}{"a":1}`);
    assert.deepEqual([slow.status, slow.body], [200, { a: 1 }], slow.raw);
  });
});

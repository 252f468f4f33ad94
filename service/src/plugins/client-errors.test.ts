import { test } from "vitest";
import assert from "node:assert/strict";
import Fastify from "fastify";
import { RawClient } from "../test-helpers/raw-client.js";
import { answerClientError } from "./client-errors.js";
import { serverTimeoutOptions } from "./client-timeouts.js";

const SAFETY_NET_MS = 10_000;
const TIMEOUTS = { headersMs: 300, bodyMs: 300, requestMs: 600, connectionIdleMs: 5_000 };

/** A server as app.ts builds it: short deadlines, and Node's refusals answered by answerClientError. */
async function withServer(run: (port: number) => Promise<void>): Promise<void> {
  const app = Fastify({ ...serverTimeoutOptions(TIMEOUTS), clientErrorHandler: answerClientError });
  app.get("/", async () => ({ ok: true }));
  await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    await run((app.server.address() as { port: number }).port);
  } finally {
    await app.close();
  }
}

async function send(port: number, bytes: string) {
  const client = await RawClient.open(port);
  try {
    if (bytes) client.write(bytes);
    return await client.closedByServer(SAFETY_NET_MS);
  } finally {
    client.destroy();
  }
}

test("headers that never finish, or never start, are cut with 408 REQUEST_TIMEOUT in the API's error body", async () => {
  await withServer(async (port) => {
    for (const bytes of ["GET / HTTP/1.1\r\nhost: x\r\n", ""]) {
      const answer = await send(port, bytes);
      assert.equal(answer.status, 408, answer.raw);
      assert.deepEqual(Object.keys(answer.body ?? {}).sort(), ["code", "error", "message", "requestId", "statusCode"]);
      assert.deepEqual([answer.body?.code, answer.body?.statusCode], ["REQUEST_TIMEOUT", 408]);
      assert.match(answer.raw, new RegExp(`\r\nx-request-id: ${String(answer.body?.requestId)}\r\n`));
    }
  });
});

test("malformed HTTP is a coded 400 and oversized headers a coded 431", async () => {
  await withServer(async (port) => {
    const malformed = await send(port, "NOT HTTP AT ALL\r\n\r\n");
    assert.deepEqual([malformed.status, malformed.body?.code], [400, "MALFORMED_REQUEST"], malformed.raw);
    const huge = await send(port, `GET / HTTP/1.1\r\nhost: x\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`);
    assert.deepEqual([huge.status, huge.body?.code], [431, "HEADERS_TOO_LARGE"], huge.raw);
  });
});

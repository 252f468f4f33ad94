import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, it } from "vitest";
import { createSandboxClient, SandboxRequestError, SandboxUnavailableError } from "./client.js";
import { freePort } from "./test-helpers/startService.js";

/** A stand-in sandbox on loopback whose answer each test sets. */
let answer: (res: import("node:http").ServerResponse) => void = () => undefined;
let server: Server;
let url: string;
let lastAuthorization: string | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    lastAuthorization = req.headers.authorization;
    req.resume();
    req.on("end", () => answer(res));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const json = (status: number, body: unknown) => (res: import("node:http").ServerResponse) =>
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
const job = { language: "python" as const, code: "1" };

describe("createSandboxClient", () => {
  it("sends the bearer token and returns a typed result", async () => {
    answer = json(200, { status: "ok", result: [1], stdout: "x\n", duration_ms: 4 });
    const result = await createSandboxClient({ url, token: "tok-tok-tok-tok-tok", timeoutMs: 2000 }).execute(job);
    assert.deepEqual(result, { status: "ok", result: [1], stdout: "x\n", duration_ms: 4 });
    assert.equal(lastAuthorization, "Bearer tok-tok-tok-tok-tok");
  });

  it("throws SandboxUnavailableError on 5xx, on a malformed answer, on timeout and on a refused connection", async () => {
    const client = createSandboxClient({ url, token: "t", timeoutMs: 300 });
    answer = json(503, { error: { code: "SANDBOX_QUEUE_FULL", message: "busy" } });
    await assert.rejects(
      client.execute(job),
      (e) => e instanceof SandboxUnavailableError && /503: SANDBOX_QUEUE_FULL: busy/.test(e.message),
    );
    answer = json(200, { status: "weird" });
    await assert.rejects(client.execute(job), SandboxUnavailableError);
    answer = () => undefined;
    await assert.rejects(
      client.execute(job),
      (e) => e instanceof SandboxUnavailableError && /no answer within 300 ms/.test(e.message),
    );
    const closed = createSandboxClient({ url: `http://127.0.0.1:${await freePort()}`, token: "t", timeoutMs: 300 });
    await assert.rejects(
      closed.execute(job),
      (e) => e instanceof SandboxUnavailableError && /connection failed/.test(e.message),
    );
  });

  it("throws SandboxRequestError on 4xx with the sandbox's reason", async () => {
    answer = json(400, { error: { code: "SANDBOX_INVALID_REQUEST", message: "limits.wall_ms: too high" } });
    const client = createSandboxClient({ url, token: "t", timeoutMs: 2000 });
    await assert.rejects(
      client.execute(job),
      (e) => e instanceof SandboxRequestError && e.status === 400 && /too high/.test(e.message),
    );
  });
});

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, it } from "vitest";
import { fileURLToPath } from "node:url";
import { freePort } from "./test-helpers/ports.js";

const CLI = fileURLToPath(new URL("./healthcheck.ts", import.meta.url));
let server: Server;
let base = "";

beforeAll(async () => {
  // /ok answers 200, /down 503, /hang never answers.
  server = createServer((request, response) => {
    if (request.url === "/hang") return;
    response.writeHead(request.url === "/ok" ? 200 : 503).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function runCli(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.on("exit", (code) => resolve({ code, stderr })));
}

describe("healthcheck CLI", () => {
  it("exits 0 on a 2xx answer", async () => {
    assert.deepEqual(await runCli(`${base}/ok`), { code: 0, stderr: "" });
  });

  it("exits 1 on a non-2xx answer, saying which", async () => {
    assert.deepEqual(await runCli(`${base}/down`), { code: 1, stderr: `unhealthy: ${base}/down answered 503\n` });
  });

  it("exits 1 when nothing listens", async () => {
    const url = `http://127.0.0.1:${await freePort()}/`;
    assert.deepEqual(await runCli(url), { code: 1, stderr: `unhealthy: ${url} fetch failed\n` });
  });

  it("exits 1 when the answer takes longer than 3 s", async () => {
    assert.deepEqual(await runCli(`${base}/hang`), {
      code: 1,
      stderr: `unhealthy: ${base}/hang no answer within 3000 ms\n`,
    });
  });

  it("exits 1 with usage when no URL is given", async () => {
    const result = await runCli();
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^usage: healthcheck <url>/);
  });
});

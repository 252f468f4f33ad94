import { eventually } from "../test-helpers/eventually.js";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, it } from "vitest";
import { testEnv } from "../test-helpers/host-services.js";
import { freePort } from "../test-helpers/ports.js";
import { spawnService, type LogLine, type ServiceProcess } from "../test-helpers/service-process.js";
import { createThrowawayDatabase, type ThrowawayDatabase } from "../test-helpers/throwaway-database.js";

let database: ThrowawayDatabase;
const running: ServiceProcess[] = [];
beforeAll(async () => {
  database = await createThrowawayDatabase("shutdown");
});
afterAll(async () => {
  for (const service of running) service.child.kill("SIGKILL");
  await database.drop();
});

async function start(
  overrides: Record<string, string>,
): Promise<{ service: ServiceProcess; api: string; port: number; metrics: string }> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const env = testEnv(database.name, {
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    LOG_LEVEL: "info",
    ENABLE_TEST_ROUTES: "true",
    ...overrides,
  });
  const service = spawnService(env);
  running.push(service);
  // The metrics listener starts last: once it listens, the API does too.
  await service.waitForLog((line) => line.listener === "metrics" && String(line.msg).startsWith("Server listening"));
  return { service, api: `http://127.0.0.1:${port}`, port, metrics: `http://127.0.0.1:${metricsPort}` };
}

const incomingSlow = (line: LogLine) =>
  line.msg === "incoming request" && (line.req as { url?: string })?.url?.startsWith("/debug/slow") === true;

/** Connects until the port refuses (bounded); true when it did. */
async function refusedSoon(port: number, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i += 1) {
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => resolve(Boolean(socket.destroy()) && false));
      socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
    });
    if (refused) return true;
    await sleep(20);
  }
  return false;
}

describe("graceful shutdown of the real process", () => {
  it("finishes the in-flight request, refuses new connections, and exits 0", async () => {
    const { service, api, port, metrics } = await start({ SHUTDOWN_GRACE_MS: "10000" });
    // Readiness settles once Redis has connected, a moment after the listener starts.
    await eventually(async () => (await fetch(`${api}/health/ready`)).status === 200, 15_000);
    assert.equal((await fetch(`${metrics}/metrics`)).status, 200);
    // The injection detector's model trains once the process listens, off the boot path.
    await service.waitForLog((line) => line.msg === "injection model trained");
    const at = (msg: string) => service.logs.findIndex((line) => String(line.msg).startsWith(msg));
    assert.ok(at("Server listening") >= 0 && at("Server listening") < at("injection model trained"));
    let slowDone = false;
    const slow = fetch(`${api}/debug/slow?ms=3000`).then(async (response) => {
      slowDone = true;
      return [response.status, await response.json()];
    });
    await service.waitForLog(incomingSlow);
    service.child.kill("SIGTERM");
    await service.waitForLog((line) => line.msg === "shutdown started: draining in-flight requests");
    const refused = await refusedSoon(port);
    const refusedWhileDraining = !slowDone;
    assert.deepEqual(await slow, [200, { sleptMs: 3000 }]);
    assert.deepEqual(await service.exited, { code: 0, signal: null });
    assert.ok(refused && refusedWhileDraining, "new connections must be refused while the slow request drains");
    assert.ok(service.logs.some((line) => line.msg === "shutdown complete"));
  });

  it("forces exit 1 with a log line when the drain outlasts SHUTDOWN_GRACE_MS", async () => {
    const { service, api } = await start({ SHUTDOWN_GRACE_MS: "300" });
    const slow = fetch(`${api}/debug/slow?ms=20000`).then(
      (response) => response.status,
      () => "cut",
    );
    await service.waitForLog(incomingSlow);
    service.child.kill("SIGTERM");
    assert.deepEqual(await service.exited, { code: 1, signal: null });
    assert.equal(await slow, "cut");
    assert.ok(service.logs.some((line) => line.msg === "drain exceeded SHUTDOWN_GRACE_MS; forcing exit"));
  });
});

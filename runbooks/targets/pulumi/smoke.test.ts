import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunbookError } from "../../cli/errors.js";
import { stackOutputsSchema } from "./outputs.js";
import { previewUrlOf, smokePreview } from "./smoke.js";

// A stand-in preview listener: answers as the proxy and the api do, with a switchable /metrics.
let server: Server;
let url: string;
const asked: string[] = [];
let metricsStatus = 404;

beforeAll(async () => {
  server = createServer((req, res) => {
    asked.push(req.url ?? "");
    const status = req.url === "/metrics" ? metricsStatus : 200;
    res.writeHead(status, status === 200 ? { "x-app-colour": "green", "x-app-version": "r/api@sha256:bb" } : {}).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

test("the direct smoke asks ready, live and /metrics on the preview listener; /metrics must be refused", async () => {
  asked.length = 0;
  metricsStatus = 404;
  assert.deepEqual(await smokePreview(url, undefined, { colour: "green", version: "r/api@sha256:bb" }), {
    ok: true,
    total: 3,
    passed: 3,
    failures: [],
  });
  assert.deepEqual(asked.sort(), ["/health/live", "/health/ready", "/metrics"]);
  metricsStatus = 200;
  assert.deepEqual((await smokePreview(url, undefined, { colour: "green" })).failures, [
    "1× /metrics → 200 (expected a refusal: 403 or 404)",
  ]);
});

test("the wrong colour behind the listener fails the smoke", async () => {
  metricsStatus = 404;
  const v = await smokePreview(url, undefined, { colour: "blue" });
  assert.deepEqual([v.ok, v.failures], [false, ["2× x-app-colour green (expected blue)"]]);
});

test("a stack without a preview address for the colour is refused, naming the key to set", () => {
  const out = stackOutputsSchema.parse({
    url: "u",
    activeColour: "blue",
    apiImages: {},
    backupLocation: "b",
    tlsCertificate: "c",
  });
  assert.throws(
    () => previewUrlOf(out, "green", "citestops"),
    (err: RunbookError) =>
      err.code === "SMOKE_FAILED" &&
      err.message.startsWith("stack citestops exports no preview address for green") &&
      err.message.includes("verifier:previewPorts") &&
      err.message.includes("Pulumi.citestops.yaml"),
  );
});

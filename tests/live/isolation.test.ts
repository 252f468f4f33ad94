import { test, before } from "node:test";
import assert from "node:assert/strict";
import type { UpResult } from "../../infra/local/up.js";
import { httpsRequest } from "../../infra/local/https.js";
import { useStack, containerName } from "../support/instance.js";
import { eventually, inspect, runOn } from "../support/docker.js";

let stack: UpResult;
before(async () => {
  stack = await useStack();
});

const nodeProbe = (script: string): string[] => ["node", "-e", script];

/** A TCP connect attempt printed as one word: "connected", or the error code. */
const connectScript = (host: string, port: number) =>
  `const s=require("net").connect({host:${JSON.stringify(host)},port:${port},timeout:3000});` +
  `s.on("connect",()=>{console.log("connected");process.exit(0)});` +
  `s.on("timeout",()=>{console.log("TIMEOUT");process.exit(0)});` +
  `s.on("error",e=>{console.log(e.code);process.exit(0)})`;

test("/health/ready answers 200 through the proxy, with the colour header", async () => {
  const res = await httpsRequest(`${stack.url}/health/ready`, { caFile: stack.caFile });
  assert.equal(res.status, 200);
  assert.equal(res.headers["x-app-colour"], stack.model.activeColour);
});

test("/metrics through the proxy is refused", async () => {
  for (const path of ["/metrics", "/metrics/", "/metrics?x=1"]) {
    const res = await httpsRequest(`${stack.url}${path}`, { caFile: stack.caFile });
    assert.ok(res.status === 403 || res.status === 404, `${path} → ${res.status}`);
  }
});

test("Prometheus, on the metrics network, scrapes the api: up == 1 for every api replica", async () => {
  const image = stack.model.services.find((s) => s.role === "api")!.env.APP_VERSION!;
  const query = (q: string) =>
    nodeProbe(`fetch("http://prometheus:9090/api/v1/query?query="+encodeURIComponent(${JSON.stringify(q)})).then(r=>r.text()).then(t=>console.log(t))`);
  const result = await eventually(
    async () => JSON.parse(await runOn(`${stack.project}-metrics`, image, query('up{job="api"}'))) as PromAnswer,
    (r) => r.data.result.length === 2 && r.data.result.every((s) => s.value[1] === "1"),
    60_000,
    2000,
  );
  assert.deepEqual(result.data.result.map((s) => [s.metric.instance, s.value[1]]).sort(), [
    ["api-blue-1:9464", "1"],
    ["api-green-1:9464", "1"],
  ]);
});

interface PromAnswer {
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

test("Postgres and Redis are unreachable from a container attached only to the edge network", async () => {
  const image = stack.model.services.find((s) => s.role === "api")!.env.APP_VERSION!;
  const edge = `${stack.project}-edge`;
  const pgIp = Object.values((await inspect(containerName(stack, "postgres"))).NetworkSettings.Networks)[0]!.IPAddress;
  const redisIp = Object.values((await inspect(containerName(stack, "redis"))).NetworkSettings.Networks)[0]!.IPAddress;
  const attempts: [string, number][] = [["postgres", 5432], ["redis", 6379], [pgIp, 5432], [redisIp, 6379]];
  for (const [host, port] of attempts) {
    const out = (await runOn(edge, image, nodeProbe(connectScript(host, port)))).trim();
    assert.notEqual(out, "connected", `${host}:${port} reachable from edge`);
  }
  // The same probe from the backend network does connect: the test can tell the difference.
  const control = (await runOn(`${stack.project}-backend`, image, nodeProbe(connectScript("postgres", 5432)))).trim();
  assert.equal(control, "connected");
});

import { test } from "vitest";
import assert from "node:assert/strict";
import { isDeepStrictEqual } from "node:util";
import { run } from "../../../infra/exec/run.js";
import { httpsRequest } from "../../../infra/local/https.js";
import { LIST_GUARD_ARGV } from "../../../infra/model/hostGuard.js";
import { PORTS } from "../../../infra/model/ports.js";
import { eventually, exec, inspect, runOn } from "../docker.js";
import type { LiveEnvironment } from "../environment.js";
import { endpointsOf, expectedFrom, openFrom } from "../reach.js";
import { hostGuardSuite } from "./hostGuard.js";
import { apiImage, connectScript, nodeProbe } from "./probes.js";

/**
 * Network and metrics isolation, live, for any rendering: what the proxy answers, what Prometheus
 * scrapes over the metrics network, and what a container on the edge network cannot reach.
 */
export function isolationSuite(env: () => LiveEnvironment): void {
  test("/health/ready answers 200 through the proxy, with the colour header", async () => {
    const e = env();
    const res = await httpsRequest(`${e.url}/health/ready`, { caFile: e.caFile });
    assert.equal(res.status, 200);
    assert.equal(res.headers["x-app-colour"], e.model.activeColour);
  });

  test("Strict-Transport-Security is what tls.hsts says, through the proxy and from the api behind it", async () => {
    const e = env();
    const expected = e.model.config.tls.hsts ? "max-age=63072000; includeSubDomains" : null;
    const viaProxy = await httpsRequest(`${e.url}/health/live`, { caFile: e.caFile });
    const api = e.container(e.model.services.find((s) => s.role === "api")!.name);
    const header = "r.headers['strict-transport-security'] ?? null";
    const direct = await exec(
      api,
      nodeProbe(
        `require("http").get("http://127.0.0.1:${PORTS.apiHttp}/health/live",r=>{console.log(JSON.stringify(${header}));process.exit(0)})`,
      ),
    );
    assert.deepEqual(
      [viaProxy.headers["strict-transport-security"] ?? null, JSON.parse(direct)],
      [expected, expected],
      `${e.rendering}: tls.hsts ${e.model.config.tls.hsts}`,
    );
  });

  test("/metrics through the proxy is refused", async () => {
    const e = env();
    for (const path of ["/metrics", "/metrics/", "/metrics?x=1"]) {
      const res = await httpsRequest(`${e.url}${path}`, { caFile: e.caFile });
      assert.ok(res.status === 403 || res.status === 404, `${e.rendering}: ${path} → ${res.status}`);
    }
  });

  test("Prometheus, on the metrics network, scrapes the api: up == 1 for every api replica", async () => {
    const e = env();
    const replicas = e.model.services
      .filter((s) => s.role === "api")
      .map((s) => `${s.name}:${PORTS.apiMetrics}`)
      .sort();
    const query = (q: string) =>
      nodeProbe(
        `fetch("http://prometheus:9090/api/v1/query?query="+encodeURIComponent(${JSON.stringify(q)})).then(r=>r.text()).then(t=>console.log(t))`,
      );
    const result = await eventually(
      async () => JSON.parse(await runOn(e.network("metrics"), apiImage(e), query('up{job="api"}'))) as PromAnswer,
      (r) => r.data.result.length === replicas.length && r.data.result.every((s) => s.value[1] === "1"),
      60_000,
      2000,
    );
    assert.deepEqual(
      result.data.result.map((s) => [s.metric.instance, s.value[1]]).sort(),
      replicas.map((r) => [r, "1"]),
    );
  });

  test("by IP, from a container on each network, exactly the listeners that serve that network answer: metrics ports on the metrics network alone, nothing but the api and the sandbox on the sandbox's", async () => {
    const e = env();
    const endpoints = await endpointsOf(e);
    const expected = Object.fromEntries(e.model.networks.map(({ name }) => [name, expectedFrom(e.model, name)]));
    const probe = async () => {
      const found: Record<string, string[]> = {};
      for (const { name } of e.model.networks) found[name] = await openFrom(e, name, endpoints, apiImage(e));
      return found;
    };
    // One CI run (of 2 alike) saw the proxy's edge address answer from the metrics network once, while the other
    // lanes created and removed networks and a cluster node ran kube-proxy on this engine: a moment of the host's
    // firewall, not a listener. A mismatch is printed with the FORWARD chain and tried again once; a listener
    // bound where it must not be answers every time, and fails the second look too.
    let found = await probe();
    if (!isDeepStrictEqual(found, expected)) {
      console.log(`${e.rendering}: reach differed at first look:\n${JSON.stringify(found)}\n${await forwardChain()}`);
      found = await probe();
    }
    assert.deepEqual(found, expected, e.rendering);
  });

  test("every Prometheus target is up: each api replica, the backup job, the sandbox through the api's relay, Prometheus", async () => {
    const e = env();
    const jobs = ["api", "backup", "prometheus", ...(e.model.config.sandbox.enabled ? ["sandbox"] : [])].sort();
    const query = nodeProbe(
      `fetch("http://prometheus:9090/api/v1/query?query=up").then(r=>r.text()).then(t=>console.log(t))`,
    );
    const answer = await eventually(
      async () => JSON.parse(await runOn(e.network("metrics"), apiImage(e), query)) as PromAnswer,
      (r) =>
        r.data.result.every((s) => s.value[1] === "1") &&
        new Set(r.data.result.map((s) => s.metric.job)).size === jobs.length,
      60_000,
      2000,
    );
    const down = answer.data.result.filter((s) => s.value[1] !== "1").map((s) => s.metric.instance);
    assert.deepEqual([[...new Set(answer.data.result.map((s) => s.metric.job))].sort(), down], [jobs, []], e.rendering);
  });

  test("Postgres and Redis are unreachable from a container attached only to the edge network", async () => {
    const e = env();
    const ipOf = async (service: string) =>
      Object.values((await inspect(e.container(service))).NetworkSettings.Networks)[0]!.IPAddress;
    const attempts: [string, number][] = [
      ["postgres", 5432],
      ["redis", 6379],
      [await ipOf("postgres"), 5432],
      [await ipOf("redis"), 6379],
    ];
    for (const [host, port] of attempts) {
      const out = (await runOn(e.network("edge"), apiImage(e), nodeProbe(connectScript(host, port)))).trim();
      if (out === "connected")
        assert.fail(`${e.rendering}: ${host}:${port} reachable from edge\n${await forwardChain()}`);
    }
    // The same probe from the backend network does connect: the test can tell the difference.
    const control = (await runOn(e.network("backend"), apiImage(e), nodeProbe(connectScript("postgres", 5432)))).trim();
    assert.equal(control, "connected");
  });

  hostGuardSuite(env);
}

interface PromAnswer {
  data: { result: { metric: Record<string, string>; value: [number, string] }[] };
}

/** The host's FORWARD chain, Docker's isolation chain and the host guard, as evidence beside a reach that differed. */
async function forwardChain(): Promise<string> {
  const chain = (name: string) => run(["iptables", "-w", "-S", name]).catch((err: Error) => err.message);
  const guard = await run(["nft", ...LIST_GUARD_ARGV]).catch((err: Error) => err.message);
  return `${await chain("FORWARD")}\n${await chain("DOCKER-ISOLATION-STAGE-1")}\n${guard}`;
}

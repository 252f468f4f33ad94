import assert from "node:assert/strict";
import { test } from "vitest";
import { modelOf, serviceOf } from "../testing/models.js";
import { containerArgs, dockerCpus, healthyWithinSeconds, type ContainerRefs } from "./containerArgs.js";

const model = modelOf("local");
const refs = (files: ContainerRefs["files"] = []): ContainerRefs => ({
  model,
  image: "verifier/x:tag",
  networks: { edge: "net-edge", backend: "net-backend", metrics: "net-metrics", sandbox: "net-sandbox" },
  volumes: {
    pgdata: { type: "volume", source: "vol-pgdata" },
    "prometheus-data": { type: "volume", source: "vol-prom" },
    backups: { type: "bind", source: "/srv/backups" },
  },
  files,
});

test("an api replica gets every hardening field, its networks with aliases, and no published port", () => {
  const spec = serviceOf(model, "api-blue-1");
  const args = containerArgs(spec, refs([{ dir: "/run/secrets", volume: "files-vol" }]));
  assert.deepEqual(args, {
    name: "verifier-local-api-blue-1",
    image: "verifier/x:tag",
    user: "10001:10001",
    envs: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    readOnly: true,
    privileged: false,
    capabilities: { drops: ["ALL"] },
    securityOpts: ["no-new-privileges:true"],
    memory: 512,
    memorySwap: 512,
    cpus: "1.0",
    tmpfs: { "/tmp": "size=64m,mode=1777,uid=0,gid=0" },
    healthcheck: { tests: spec.healthcheck.test, interval: "5s", timeout: "4s", retries: 6, startPeriod: "20s" },
    wait: true,
    waitTimeout: 74,
    restart: "unless-stopped",
    stopSignal: "SIGTERM",
    stopTimeout: 45,
    destroyGraceSeconds: 45,
    networksAdvanced: ["net-edge", "net-backend", "net-metrics", "net-sandbox"].map((name) => ({
      name,
      // The metrics listener's alias, and the sandbox relay's, exist on the metrics network alone.
      aliases:
        name === "net-metrics"
          ? ["api-blue-1", "api-blue", "metrics-api-blue-1", "sandbox-metrics-relay"]
          : ["api-blue-1", "api-blue"],
    })),
    ports: [],
    mounts: [{ type: "volume", source: "files-vol", target: "/run/secrets", readOnly: true }],
    labels: [
      { label: "verifier.project", value: "verifier-local" },
      { label: "verifier.stack", value: "local" },
      { label: "verifier.tier", value: "local" },
      { label: "verifier.service", value: "api-blue-1" },
      { label: "verifier.role", value: "api" },
      { label: "verifier.colour", value: "blue" },
    ],
  });
  assert.equal("command" in args, false);
});

test("only the proxy publishes, on the configured address and port; its health port stays private", () => {
  const proxy = serviceOf(model, "proxy");
  const args = containerArgs(proxy, refs());
  assert.deepEqual(args.ports, [{ internal: 8443, external: 8443, ip: "127.0.0.1", protocol: "tcp" }]);
  const tmpfs = args.tmpfs as Record<string, string>;
  assert.deepEqual(
    Object.keys(tmpfs),
    proxy.tmpfs.map((t) => t.target),
  );
  assert.equal(tmpfs["/tmp"], "size=64m,mode=1777,uid=0,gid=0");
  assert.match(Object.values(tmpfs)[1]!, /^size=1m,mode=700,uid=10005,gid=10005$/);
});

test("data mounts follow the model: named volumes, a host-path backup location as a bind", () => {
  assert.deepEqual(containerArgs(serviceOf(model, "postgres"), refs()).mounts, [
    { type: "volume", source: "vol-pgdata", target: "/var/lib/postgresql/data", readOnly: false },
  ]);
  assert.deepEqual(containerArgs(serviceOf(model, "backup"), refs()).mounts, [
    { type: "bind", source: "/srv/backups", target: "/backups", readOnly: false },
  ]);
  assert.deepEqual(containerArgs(serviceOf(model, "backup"), refs()).command, [
    "node",
    "/app/dist/src/backup/main.js",
    "schedule",
  ]);
  assert.deepEqual(containerArgs(serviceOf(model, "backup"), refs()).groupAdds, ["10100"]);
  assert.equal("groupAdds" in containerArgs(serviceOf(model, "postgres"), refs()), false);
});

test("a mount of an unknown volume is refused with the known ones", () => {
  const spec = { ...serviceOf(model, "postgres"), mounts: [{ volume: "nope", target: "/x", readOnly: true }] };
  assert.throws(
    () => containerArgs(spec, refs()),
    /model volume "nope" has no Docker volume; known: pgdata, prometheus-data, backups/,
  );
});

test("healthy within: start period plus every retry timing out", () => {
  assert.equal(
    healthyWithinSeconds({
      test: ["CMD", "x"],
      intervalSeconds: 5,
      timeoutSeconds: 4,
      retries: 6,
      startPeriodSeconds: 30,
    }),
    84,
  );
});

test("cpus are written the way the provider reads them back, so a preview sees no change", () => {
  assert.deepEqual([1, 2, 0.5, 0.25, 1.5].map(dockerCpus), ["1.0", "2.0", "0.5", "0.25", "1.5"]);
});

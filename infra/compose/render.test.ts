import { test } from "vitest";
import assert from "node:assert/strict";
import { parseStackConfig } from "../config/load.js";
import { buildModel, type ResolvedImages } from "../model/build.js";
import { renderCompose, type ComposePaths } from "./render.js";

const IMAGES: ResolvedImages = {
  api: "verifier/api:a1",
  sandbox: "verifier/sandbox:s1",
  postgres: "verifier/postgres:p1",
  redis: "verifier/redis:r1",
  proxy: "verifier/proxy:x1",
  prometheus: "verifier/prometheus:m1",
  backup: "verifier/backup:b1",
};
const PATHS: ComposePaths = {
  secretsDir: (svc) => `/s/${svc.role}`,
  configDir: (svc, target) => `/c/${svc.name}${target.slice(0, target.lastIndexOf("/"))}`,
  hostVolume: () => undefined,
};
const render = (keys: Record<string, unknown> = {}) =>
  renderCompose(buildModel("local", parseStackConfig({ tier: "local", ...keys }, "t"), IMAGES), IMAGES, PATHS);

test("the proxy renders with every hardening field, its one published port and its config directory", () => {
  assert.deepEqual(render().services.proxy, {
    image: "verifier/proxy:x1",
    container_name: "verifier-local-proxy",
    command: ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"],
    user: "10005:10005",
    read_only: true,
    cap_drop: ["ALL"],
    security_opt: ["no-new-privileges:true"],
    mem_limit: "128m",
    memswap_limit: "128m",
    cpus: 0.5,
    pids_limit: 128,
    tmpfs: ["/tmp:size=64m,mode=1777,uid=0,gid=0", "/run/haproxy:size=1m,mode=700,uid=10005,gid=10005"],
    environment: {},
    volumes: ["/s/proxy:/run/secrets:ro", "/c/proxy/etc/haproxy:/etc/haproxy:ro"],
    networks: { edge: {} },
    healthcheck: {
      test: ["CMD", "/usr/local/bin/http-probe", "127.0.0.1", "8404", "/healthz"],
      interval: "5s",
      timeout: "4s",
      retries: 6,
      start_period: "10s",
    },
    restart: "unless-stopped",
    stop_signal: "SIGTERM",
    stop_grace_period: "45s",
    labels: { "verifier.stack": "local", "verifier.role": "proxy" },
    ports: ["127.0.0.1:8443:8443"],
  });
});

test("api colours run their own image, wait for healthy data services, and publish nothing", () => {
  const out = render({ releases: { green: "verifier/api:new" } });
  const green = out.services["api-green-1"]!;
  assert.equal(green.image, "verifier/api:new");
  assert.equal(out.services["api-blue-1"]!.image, "verifier/api:a1");
  assert.equal("ports" in green, false);
  assert.deepEqual(green.depends_on, {
    postgres: { condition: "service_healthy" },
    redis: { condition: "service_healthy" },
  });
  assert.deepEqual(green.networks, {
    edge: { aliases: ["api-green"] },
    backend: { aliases: ["api-green"] },
    metrics: { aliases: ["api-green", "metrics-api-green-1", "sandbox-metrics-relay"] },
    sandbox: { aliases: ["api-green"] },
  });
});

const bridge = (name: string) => ({ "com.docker.network.bridge.name": name });

test("networks are named per project and internal where the model says, internal bridges for the host guard; data volumes are named", () => {
  const out = render();
  const labels = { "verifier.stack": "local", "verifier.project": "verifier-local" };
  assert.deepEqual(out.networks, {
    edge: { name: "verifier-local-edge", internal: false, labels },
    backend: { name: "verifier-local-backend", internal: true, labels, driver_opts: bridge("vint-1f1ead8663") },
    metrics: { name: "verifier-local-metrics", internal: true, labels, driver_opts: bridge("vint-1ff2dbaab7") },
    sandbox: { name: "verifier-local-sandbox", internal: true, labels, driver_opts: bridge("vint-bf56d72776") },
  });
  assert.deepEqual(Object.keys(out.volumes), ["pgdata", "prometheus-data", "backups"]);
});

test("supplementary groups become group_add; services without any get no key", () => {
  const out = render({ backup: { walArchiving: true } });
  assert.deepEqual(out.services.postgres!.group_add, ["10100"]);
  assert.deepEqual(out.services.backup!.group_add, ["10100"]);
  assert.equal("group_add" in out.services["api-blue-1"]!, false);
  assert.equal("group_add" in render().services.postgres!, false);
});

test("a host-path backup location is bind-mounted instead of a named volume", () => {
  const out = render({ backup: { location: "/srv/backups" } });
  assert.deepEqual(Object.keys(out.volumes), ["pgdata", "prometheus-data"]);
  const paths: ComposePaths = { ...PATHS, hostVolume: (v) => (v === "backups" ? "/srv/backups" : undefined) };
  const model = buildModel(
    "local",
    parseStackConfig({ tier: "local", backup: { location: "/srv/backups" } }, "t"),
    IMAGES,
  );
  assert.deepEqual(renderCompose(model, IMAGES, paths).services.backup!.volumes, [
    "/srv/backups:/backups",
    "/s/backup:/run/secrets:ro",
  ]);
});

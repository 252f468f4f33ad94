import { test } from "vitest";
import assert from "node:assert/strict";
import { parseStackConfig } from "../config/load.js";
import { buildModel, type ResolvedImages } from "./build.js";
import { haproxyConfig } from "./haproxy.js";

const IMAGES = {
  api: "verifier/api:a1",
  postgres: "p",
  redis: "r",
  proxy: "x",
  prometheus: "m",
  backup: "b",
  sandbox: "s",
} as ResolvedImages;
const withPreviews = (extra: Record<string, unknown> = {}) =>
  parseStackConfig(
    {
      tier: "drills",
      publishAddress: "0.0.0.0",
      httpsPort: 19443,
      previewPorts: { blue: 19444, green: 19445 },
      ...extra,
    },
    "t",
  );
const proxyPorts = (cfg: ReturnType<typeof withPreviews>) =>
  buildModel("drills", cfg, IMAGES).services.find((s) => s.name === "proxy")!.ports;

test("without previewPorts the proxy has no preview listener", () => {
  const cfg = parseStackConfig({ tier: "drills" }, "t");
  assert.deepEqual(
    proxyPorts(cfg).map((p) => p.name),
    ["https", "health"],
  );
  assert.equal(haproxyConfig(cfg).includes("preview"), false);
});

test("preview listeners are published on 127.0.0.1 whatever publishAddress says", () => {
  assert.deepEqual(proxyPorts(withPreviews()), [
    { name: "https", container: 8443, published: { address: "0.0.0.0", port: 19443 } },
    { name: "health", container: 8404 },
    { name: "preview-blue", container: 8444, published: { address: "127.0.0.1", port: 19444 } },
    { name: "preview-green", container: 8445, published: { address: "127.0.0.1", port: 19445 } },
  ]);
});

test("each preview listener reaches its own colour's replicas, never in maintenance, with the main listener's TLS and refusals", () => {
  const config = haproxyConfig(withPreviews({ apiReplicas: 2, activeColour: "green", tls: { hsts: true } }));
  const section = (name: string) =>
    config
      .split("\n\n")
      .find((block) => block.startsWith(name))
      ?.trimEnd() ?? `no ${name}`;
  assert.equal(
    section("frontend preview-blue"),
    [
      "frontend preview-blue",
      "  bind :8444 ssl crt /run/secrets/tls_pem alpn http/1.1",
      "  http-request set-header X-Forwarded-Proto https",
      "  http-request set-header X-Forwarded-For %[src]",
      "  http-request deny deny_status 404 if { path_beg /metrics }",
      "  http-after-response set-header Retry-After 5 if { status 503 } !{ res.hdr(retry-after) -m found }",
      '  http-response set-header Strict-Transport-Security "max-age=63072000; includeSubDomains"',
      "  default_backend preview-blue",
    ].join("\n"),
  );
  assert.equal(
    section("backend preview-blue"),
    [
      "backend preview-blue",
      "  acl repeatable_post path /verify/math /verify/logic /verify/stats /verify/natural_language /verify/consensus /sandbox/execute",
      "  acl keyed_post path /verify/batch",
      "  acl has_idempotency_key req.hdr(idempotency-key) -m found",
      "  http-request disable-l7-retry if !METH_GET !METH_HEAD !repeatable_post !keyed_post",
      "  http-request disable-l7-retry if keyed_post !has_idempotency_key",
      "  option httpchk GET /health/live",
      "  http-check expect status 200",
      "  server blue-1 api-blue-1:8080",
      "  server blue-2 api-blue-2:8080",
    ].join("\n"),
  );
  assert.match(
    section("backend preview-green"),
    /server green-1 api-green-1:8080\n {2}server green-2 api-green-2:8080$/,
  );
  // The switch still moves only the api backend: the idle colour is in maintenance there, not here.
  assert.match(section("backend api"), /server blue-1 api-blue-1:8080 disabled/);
});

test("a preview port may not share the HTTPS port or the other colour's", () => {
  assert.throws(
    () => parseStackConfig({ tier: "drills", httpsPort: 19443, previewPorts: { blue: 19443, green: 19443 } }, "t"),
    (err: Error) =>
      err.message.includes(
        "verifier:previewPorts.blue: received 19443; allowed: a port of its own, not httpsPort's (19443)",
      ) &&
      err.message.includes(
        "verifier:previewPorts.green: received 19443; allowed: a port of its own, not httpsPort's (19443)",
      ) &&
      err.message.includes(
        "verifier:previewPorts.green: received 19443; allowed: a port of its own, not blue's preview port",
      ),
  );
});

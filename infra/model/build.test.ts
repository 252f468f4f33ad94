import { test } from "vitest";
import assert from "node:assert/strict";
import { parseStackConfig } from "../config/load.js";
import { buildModel, type ResolvedImages } from "./build.js";
import { haproxyConfig } from "./haproxy.js";

const IMAGES: ResolvedImages = {
  api: "verifier/api:a1",
  sandbox: "verifier/sandbox:s1",
  postgres: "verifier/postgres:p1",
  redis: "verifier/redis:r1",
  proxy: "verifier/proxy:x1",
  prometheus: "verifier/prometheus:m1",
  backup: "verifier/backup:b1",
};
const local = () => buildModel("local", parseStackConfig({ tier: "local" }, "t"), IMAGES);
const byName = (name: string) => local().services.find((s) => s.name === name)!;

test("the local model has exactly these services, networks, volumes and schedules", () => {
  const m = local();
  assert.equal(m.project, "verifier-local");
  assert.deepEqual(
    m.services.map((s) => s.name),
    ["proxy", "api-blue-1", "api-green-1", "postgres", "redis", "prometheus", "backup", "sandbox"],
  );
  assert.deepEqual(
    m.networks.map((n) => [n.name, n.internal]),
    [
      ["edge", false],
      ["backend", true],
      ["metrics", true],
      ["sandbox", true],
    ],
  );
  assert.deepEqual(
    m.volumes.map((v) => [v.name, v.keep]),
    [
      ["pgdata", true],
      ["prometheus-data", true],
      ["backups", true],
    ],
  );
  assert.deepEqual(m.schedules, [{ name: "backup", service: "backup", cron: "0 2 * * *", retain: 14 }]);
  assert.deepEqual(
    m.secrets.map((s) => s.name),
    [
      "db_password",
      "db_owner_password",
      "db_app_password",
      "db_backup_password",
      "redis_password",
      "admin_api_key",
      "tls_pem",
      "sandbox_token",
    ],
  );
});

test("network membership: data only on backend, prometheus only on metrics, the sandbox on its own network alone", () => {
  const nets = Object.fromEntries(local().services.map((s) => [s.name, s.networks]));
  assert.deepEqual(nets, {
    proxy: ["edge"],
    "api-blue-1": ["edge", "backend", "metrics", "sandbox"],
    "api-green-1": ["edge", "backend", "metrics", "sandbox"],
    postgres: ["backend"],
    redis: ["backend"],
    prometheus: ["metrics"],
    backup: ["backend", "metrics"],
    sandbox: ["sandbox"],
  });
});

test("every service is hardened: numeric non-root user, read-only root, no capabilities, limits, healthcheck", () => {
  for (const s of local().services) {
    assert.match(s.user, /^[1-9]\d{3,}:[1-9]\d{3,}$/, s.name);
    assert.equal(s.readOnlyRootFs, true);
    assert.deepEqual(s.capDrop, ["ALL"]);
    assert.deepEqual(s.capAdd, []);
    assert.equal(s.noNewPrivileges, true);
    assert.equal(s.stopSignal, s.role === "postgres" ? "SIGINT" : "SIGTERM", s.name);
    assert.equal(s.stopGracePeriodSeconds, 45);
    assert.equal(s.restart, "unless-stopped");
    assert.ok(s.limits.memoryMiB > 0 && s.limits.cpus > 0 && s.limits.pids > 0, s.name);
    assert.ok(s.healthcheck.test.length > 1 && s.healthcheck.test[0] === "CMD", s.name);
    assert.ok(
      s.tmpfs.some((t) => t.target === "/tmp"),
      s.name,
    );
  }
});

test("only the proxy publishes, on the configured address and port; metrics ports never", () => {
  const published = local().services.flatMap((s) =>
    s.ports.filter((p) => p.published).map((p) => [s.name, p.container, p.published]),
  );
  assert.deepEqual(published, [["proxy", 8443, { address: "127.0.0.1", port: 8443 }]]);
});

test("api environment is exact and carries no secret value, only file paths", () => {
  assert.deepEqual(byName("api-green-1").env, {
    NODE_ENV: "production",
    HOST: "0.0.0.0",
    PORT: "8080",
    METRICS_PORT: "9464",
    METRICS_HOST: "metrics-api-green-1",
    LOG_LEVEL: "info",
    APP_COLOUR: "green",
    APP_VERSION: "verifier/api:a1",
    DATABASE_HOST: "postgres",
    DATABASE_PORT: "5432",
    DATABASE_NAME: "verifier",
    DATABASE_USER: "verifier_app",
    DATABASE_PASSWORD_FILE: "/run/secrets/db_app_password",
    DATABASE_MIGRATION_USER: "verifier_owner",
    DATABASE_MIGRATION_PASSWORD_FILE: "/run/secrets/db_owner_password",
    REDIS_HOST: "redis",
    REDIS_PORT: "6379",
    REDIS_PASSWORD_FILE: "/run/secrets/redis_password",
    BOOTSTRAP_ADMIN_KEY_FILE: "/run/secrets/admin_api_key",
    INPUT_MAX_CHARS: "2000",
    CORS_ORIGINS: "",
    HSTS: "false",
    TRUST_PROXY: "uniquelocal",
    ENABLE_TEST_ROUTES: "false",
    SHED_MAX_EVENT_LOOP_UTILIZATION: "0.95",
    SHED_MAX_EVENT_LOOP_DELAY_MS: "1000",
    RATE_LIMIT_PER_KEY_PER_MINUTE: "600",
    RATE_LIMIT_GLOBAL_PER_MINUTE: "6000",
    PRE_AUTH_LIMIT_PER_ADDRESS_PER_MINUTE: "300",
    SANDBOX_URL: "http://sandbox:8090",
    SANDBOX_TOKEN_FILE: "/run/secrets/sandbox_token",
    SANDBOX_METRICS_URL: "http://sandbox:9465/metrics",
    SANDBOX_MAX_WALL_MS: "5000",
    SANDBOX_MAX_MEMORY_MIB: "128",
    SANDBOX_MAX_OUTPUT_BYTES: "65536",
  });
  assert.deepEqual(byName("api-green-1").aliases, ["api-green"]);
  assert.deepEqual(byName("api-green-1").metricsAliases, ["metrics-api-green-1", "sandbox-metrics-relay"]);
});

test("declared releases and active colour shape the api slots and the proxy", () => {
  const cfg = parseStackConfig(
    { tier: "local", activeColour: "green", apiReplicas: 2, releases: { green: "verifier/api:new" } },
    "t",
  );
  const m = buildModel("local", cfg, IMAGES);
  const api = m.services.filter((s) => s.role === "api").map((s) => [s.name, s.env.APP_VERSION]);
  assert.deepEqual(api, [
    ["api-blue-1", "verifier/api:a1"],
    ["api-blue-2", "verifier/api:a1"],
    ["api-green-1", "verifier/api:new"],
    ["api-green-2", "verifier/api:new"],
  ]);
  const servers = haproxyConfig(cfg)
    .split("\n")
    .filter((l) => l.trim().startsWith("server "));
  assert.deepEqual(
    servers.map((l) => l.trim()),
    [
      "server blue-1 api-blue-1:8080 disabled",
      "server blue-2 api-blue-2:8080 disabled",
      "server green-1 api-green-1:8080",
      "server green-2 api-green-2:8080",
    ],
  );
});

test("the proxy fails over from a dead replica: every retry elsewhere, replays only GET, HEAD, the repeatable POSTs and a batch with an Idempotency-Key, fast checks while a server changes state, patient with a busy one", () => {
  const lines = haproxyConfig(parseStackConfig({ tier: "local" }, "t"))
    .split("\n")
    .map((l) => l.trim());
  for (const line of [
    "option redispatch 1",
    "retries 3",
    "retry-on conn-failure empty-response",
    "acl repeatable_post path /verify/math /verify/logic /verify/stats /verify/natural_language /verify/consensus /sandbox/execute",
    "acl keyed_post path /verify/batch",
    "acl has_idempotency_key req.hdr(idempotency-key) -m found",
    "http-request disable-l7-retry if !METH_GET !METH_HEAD !repeatable_post !keyed_post",
    "http-request disable-l7-retry if keyed_post !has_idempotency_key",
    "timeout check 3s",
    "default-server init-addr last,libc,none resolvers docker check inter 1s fastinter 250ms downinter 500ms fall 2 rise 2",
  ])
    assert.ok(lines.includes(line), `haproxy.cfg has \`${line}\``);
  assert.equal(lines.filter((l) => l.startsWith("option redispatch")).length, 1);
});

test("the proxy refuses /metrics, adds Retry-After to its own 503s, and sends HSTS only when configured (else strips a backend's)", () => {
  const plain = haproxyConfig(parseStackConfig({ tier: "local" }, "t"));
  assert.match(plain, /http-request deny deny_status 404 if \{ path_beg \/metrics \}/);
  assert.match(
    plain,
    /\n {2}http-after-response set-header Retry-After 5 if \{ status 503 \} !\{ res\.hdr\(retry-after\) -m found \}\n/,
  );
  // Once per client-facing listener: where X-Forwarded-Proto is set.
  const listeners = (config: string) => config.match(/X-Forwarded-Proto https/g)!.length;
  assert.deepEqual(
    plain.match(/^.*Strict-Transport-Security.*$/gm),
    Array(listeners(plain)).fill("  http-response del-header Strict-Transport-Security"),
  );
  const hsts = haproxyConfig(parseStackConfig({ tier: "local", tls: { hsts: true } }, "t"));
  assert.deepEqual(
    hsts.match(/^.*Strict-Transport-Security.*$/gm),
    Array(listeners(hsts)).fill(
      '  http-response set-header Strict-Transport-Security "max-age=63072000; includeSubDomains"',
    ),
  );
});

test("WAL archiving adds the archive settings and the backup volume to postgres", () => {
  const on = buildModel(
    "s",
    parseStackConfig({ tier: "local", backup: { walArchiving: true, archiveTimeoutSeconds: 30 } }, "t"),
    IMAGES,
  );
  const pg = on.services.find((s) => s.name === "postgres")!;
  assert.deepEqual(pg.command?.slice(-8), [
    "-c",
    "wal_level=replica",
    "-c",
    "archive_mode=on",
    "-c",
    "archive_command=/usr/local/bin/archive-wal %p %f",
    "-c",
    "archive_timeout=30",
  ]);
  assert.deepEqual(
    pg.mounts.map((m) => m.target),
    ["/var/lib/postgresql/data", "/backups"],
  );
  assert.deepEqual(
    byName("postgres").mounts.map((m) => m.target),
    ["/var/lib/postgresql/data"],
  );
  assert.deepEqual(pg.groups, [10100]);
  assert.equal(on.services.find((s) => s.name === "backup")!.env.BACKUP_BASE_BACKUPS, "true");
});

test("the backup job always joins the backups group; postgres only when it archives WAL into the volume", () => {
  assert.deepEqual(byName("backup").groups, [10100]);
  assert.equal(byName("backup").env.BACKUP_BASE_BACKUPS, "false");
  assert.equal("groups" in byName("postgres"), false);
  assert.deepEqual(
    buildModel("s", parseStackConfig({ tier: "local" }, "t"), IMAGES)
      .services.filter((s) => s.groups)
      .map((s) => s.name),
    ["backup"],
  );
});

test("sandbox disabled: no sandbox service, network, secret or api variables", () => {
  const m = buildModel("local", parseStackConfig({ tier: "local", sandbox: { enabled: false } }, "t"), IMAGES);
  assert.equal(
    m.services.some((s) => s.role === "sandbox"),
    false,
  );
  assert.equal(
    m.networks.some((n) => n.name === "sandbox"),
    false,
  );
  assert.equal(
    m.secrets.some((s) => s.name === "sandbox_token"),
    false,
  );
  assert.equal("SANDBOX_URL" in m.services.find((s) => s.role === "api")!.env, false);
});

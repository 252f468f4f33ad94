import { test } from "vitest";
import assert from "node:assert/strict";
import { imageTag, planImages, runtimeTag, type PlanInputs } from "./plan.js";
import { dockerfile } from "./dockerfile.js";
import { IMAGES, RUNTIMES } from "./specs.js";

const inputs = (over: Partial<PlanInputs> = {}): PlanInputs => ({
  scriptHashes: {
    "http-probe": "h1",
    "postgres-entrypoint": "h2",
    "archive-wal": "h3",
    "restore-base": "h7",
    "redis-entrypoint": "h4",
    "redis-health": "h5",
    "haproxy-cmd": "h6",
  },
  appHash: "app1",
  existingTags: new Set(),
  ...over,
});
const everything = (i: PlanInputs) =>
  new Set([...RUNTIMES.map((r) => runtimeTag(r, i.scriptHashes)), ...IMAGES.map((s) => imageTag(s, i))]);

test("a fresh engine builds every runtime, then every image", () => {
  const plan = planImages(inputs());
  assert.deepEqual(
    plan.steps.map((s) => (s.kind === "runtime" ? `runtime:${s.runtime.name}` : `image:${s.spec.role}`)),
    [
      "runtime:node",
      "runtime:backup",
      "runtime:postgres",
      "runtime:redis",
      "runtime:proxy",
      "runtime:prometheus",
      "image:api",
      "image:sandbox",
      "image:backup",
      "image:postgres",
      "image:redis",
      "image:proxy",
      "image:prometheus",
    ],
  );
  for (const tag of Object.values(plan.tags)) assert.match(tag, /^verifier\/[a-z]+:[0-9a-f]{16}$/);
});

test("nothing is rebuilt when nothing changed", () => {
  const i = inputs();
  assert.deepEqual(planImages({ ...i, existingTags: everything(i) }).steps, []);
});

test("a change to the service rebuilds only the images that ship it, on the existing runtimes", () => {
  const before = inputs();
  const after = inputs({ appHash: "app2", existingTags: everything(before) });
  const steps = planImages(after).steps.map((s) => (s.kind === "image" ? s.spec.role : `runtime:${s.runtime.name}`));
  assert.deepEqual(steps, ["api", "sandbox", "backup"]);
});

test("a change to a runtime's probe rebuilds that runtime and the images on it", () => {
  const before = inputs();
  const after = inputs({
    scriptHashes: { ...before.scriptHashes, "http-probe": "h1b" },
    existingTags: everything(before),
  });
  const steps = planImages(after).steps.map((s) => (s.kind === "image" ? s.spec.role : `runtime:${s.runtime.name}`));
  assert.deepEqual(steps, ["runtime:node", "runtime:backup", "api", "sandbox", "backup", "proxy", "prometheus"]);
});

test("the backup volume's mount point is setgid to the shared backups group in both images that mount it", () => {
  const backup = IMAGES.find((s) => s.role === "backup")!;
  assert.match(
    dockerfile(backup, "f", "t"),
    /^RUN mkdir -p \/backups && chown 10007:10100 \/backups && chmod 2770 \/backups$/m,
  );
});

test("a change to one script rebuilds only the images that carry it", () => {
  const before = inputs();
  const after = inputs({
    scriptHashes: { ...before.scriptHashes, "redis-health": "h5b" },
    existingTags: everything(before),
  });
  assert.deepEqual(
    planImages(after).steps.map((s) => (s.kind === "image" ? s.spec.role : s.kind)),
    ["redis"],
  );
});

test("the Dockerfile sets the numeric user, owned dirs and entrypoint, and copies no secret", () => {
  const pg = IMAGES.find((s) => s.role === "postgres")!;
  assert.equal(
    dockerfile(pg, "verifier/runtime-postgres:abc", "verifier/postgres:def"),
    [
      "FROM verifier/runtime-postgres:abc",
      'LABEL org.opencontainers.image.title="verifier-postgres" verifier.tag="verifier/postgres:def"',
      "USER 0:0",
      "COPY --chown=0:0 bin/postgres-entrypoint /usr/local/bin/postgres-entrypoint",
      "COPY --chown=0:0 bin/postgres-roles /usr/local/bin/postgres-roles",
      "COPY --chown=0:0 bin/postgres-health /usr/local/bin/postgres-health",
      "COPY --chown=0:0 bin/archive-wal /usr/local/bin/archive-wal",
      "COPY --chown=0:0 bin/restore-base /usr/local/bin/restore-base",
      "RUN mkdir -p /var/lib/postgresql/data /backups && chown 10003:10003 /var/lib/postgresql/data && chmod 0750 /var/lib/postgresql/data && chown 10003:10100 /backups && chmod 2770 /backups",
      "USER 10003:10003",
      "WORKDIR /",
      "ENV NODE_ENV=production",
      'ENTRYPOINT ["/usr/local/bin/postgres-entrypoint"]',
      'CMD ["postgres"]',
      "STOPSIGNAL SIGTERM",
      "",
    ].join("\n"),
  );
});

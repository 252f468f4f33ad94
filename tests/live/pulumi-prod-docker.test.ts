import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { UpResult } from "@pulumi/pulumi/automation/index.js";
import { destroy, setConfig, up } from "../../infra/automation/index.js";
import { run } from "../../infra/exec/run.js";
import { say } from "../../infra/exec/progress.js";
import { ensureImages } from "../../infra/images/build.js";
import { pushImages } from "../../infra/images/push.js";
import { httpsRequest } from "../../infra/local/https.js";
import { exec, inspect, psqlIn } from "../support/docker.js";
import type { LiveEnvironment } from "../support/environment.js";
import { REPO_ROOT } from "../support/instance.js";
import { opsOn } from "../support/pulumiOps.js";
import { prodSecretConfig } from "../support/prodSecrets.js";
import { pulumiEnvironment, purgeDocker, testProject, type TestProject } from "../support/pulumiStack.js";
import { hardeningSuite } from "../support/suites/hardening.js";
import { isolationSuite } from "../support/suites/isolation.js";
import { QUIET_BACKUP } from "../support/quietSchedule.js";

/**
 * What a single-host prod looks like: prod's stack file on the Docker target, its images pushed to the
 * local registry and pulled by digest, its secrets and TLS pair from encrypted stack config, HSTS, WAL
 * archiving and three api replicas per colour, under the policy pack (prod-images-by-digest included).
 */
const STACK = "citestprod";
const PORT = Number(process.env.VERIFIER_TEST_PROD_PORT ?? 18943);

let project: TestProject;
let applied: UpResult;
let env: LiveEnvironment;
let digests: Record<string, string>;
let overrides: Record<string, unknown>;
const options = () => ({ stack: STACK, root: project.dir, env: project.env });

beforeAll(async () => {
  digests = await pushImages(await ensureImages({ repoRoot: REPO_ROOT }));
  overrides = { target: "docker", httpsPort: PORT, images: { source: "registry", ...digests }, backup: QUIET_BACKUP };
  project = await testProject(STACK, "prod", overrides);
  await setConfig(options(), prodSecretConfig({ dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"] }));
  say(`… pulumi up ${STACK} (prod on one Docker host, images by digest from the local registry)`);
  applied = await up(options());
  env = pulumiEnvironment(project, applied.outputs);
});

afterAll(async () => {
  if (!project) return;
  await destroy({ ...options(), confirmed: true }).catch((e: Error) =>
    say(`pulumi destroy ${STACK} failed: ${e.message}`),
  );
  await purgeDocker(project.model);
  project.remove();
});

test("prod on Docker: applied under the policy pack; every running container runs the image its digest names", async () => {
  assert.equal(applied.summary.result, "succeeded");
  for (const svc of project.model.services) {
    const info = await inspect(env.container(svc.name));
    const ref = digests[svc.role]!;
    assert.match(ref, /^127\.0\.0\.1:5000\/verifier\/[a-z]+@sha256:[0-9a-f]{64}$/);
    const pulled = (await run(["docker", "image", "inspect", "--format", "{{.Id}}", ref])).trim();
    assert.equal(info.Image, pulled, `${svc.name} runs ${ref}`);
  }
});

test("three api replicas per colour, HTTPS with the provided certificate and HSTS, WAL archiving on", async () => {
  const api = project.model.services
    .filter((s) => s.role === "api")
    .map((s) => s.name)
    .sort();
  assert.deepEqual(api, ["api-blue-1", "api-blue-2", "api-blue-3", "api-green-1", "api-green-2", "api-green-3"]);
  const res = await httpsRequest(`${env.url}/health/ready`, { caFile: env.caFile });
  assert.equal(res.status, 200);
  assert.match(String(res.headers["strict-transport-security"]), /max-age=\d+/);
  const psql = (sql: string) =>
    exec(env.container("postgres"), ["psql", "-X", "-At", "-U", "verifier", "-d", "verifier", "-c", sql]);
  assert.equal((await psql("SHOW archive_mode")).trim(), "on");
});

hardeningSuite(() => env);
isolationSuite(() => env);

/**
 * `ops restore --to-time` on this Pulumi stack: a base backup taken by `ops backup`, rows committed on
 * either side of a known instant, then a point-in-time restore to it through a throwaway recovery
 * server; prod asks for --force and --yes first. Exactly the earlier rows come back.
 */
test("ops restore --to-time on prod: the base backup plus archived WAL replayed to the instant; the earlier rows are back, the later ones are not", {
  timeout: 600_000,
}, async () => {
  const psql = (sql: string) => psqlIn(env.container("postgres"), sql);
  const ops = (command: string, ...args: string[]) => opsOn(project, "prod", overrides, command, ...args);
  await psql("CREATE TABLE pitr_rows (id serial PRIMARY KEY, label text NOT NULL)");
  await psql("INSERT INTO pitr_rows (label) SELECT 'seed ' || g FROM generate_series(1, 100) g");
  const backup = await ops("backup");
  assert.equal(backup.code, 0, `ops backup: ${JSON.stringify(backup.answer.error)}\n${backup.stderr.slice(-2000)}`);
  await psql("INSERT INTO pitr_rows (label) SELECT 'earlier ' || g FROM generate_series(1, 3) g");
  await sleep(1500); // the clock's granularity is microseconds; commits stay well clear of the instant
  const toTime = new Date();
  await sleep(1500);
  await psql("INSERT INTO pitr_rows (label) SELECT 'later ' || g FROM generate_series(1, 3) g");
  const refused = await ops("restore", "--from", "latest", "--to-time", toTime.toISOString(), "--yes");
  assert.deepEqual([refused.code, refused.answer.error?.code], [1, "RESTORE_REFUSED"]);
  const restore = await ops("restore", "--from", "latest", "--to-time", toTime.toISOString(), "--force", "--yes");
  assert.equal(restore.code, 0, `ops restore: ${JSON.stringify(restore.answer.error)}\n${restore.stderr.slice(-3000)}`);
  assert.deepEqual([restore.answer.plan.kind, restore.answer.plan.toTime], ["pitr", toTime.toISOString()]);
  assert.equal(
    await psql("SELECT string_agg(label, ',' ORDER BY id) FROM pitr_rows WHERE label NOT LIKE 'seed %'"),
    "earlier 1,earlier 2,earlier 3\n",
  );
  assert.equal(await psql("SELECT count(*) FROM pitr_rows WHERE label LIKE 'seed %'"), "100\n");
  assert.equal(restore.answer.verify.ok, true);
  const { container, volume } = restore.answer.plan.recovery;
  assert.deepEqual(
    [
      (await run(["docker", "ps", "-aq", "--filter", `name=^${container}$`])).trim(),
      (await run(["docker", "volume", "ls", "-q", "--filter", `name=^${volume}$`])).trim(),
    ],
    ["", ""],
  );
});

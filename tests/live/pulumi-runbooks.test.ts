import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { openStack, outputs, up } from "../../infra/automation/index.js";
import { run } from "../../infra/exec/run.js";
import { say } from "../../infra/exec/progress.js";
import type { Target } from "../../bench/load/client.js";
import { localPaths } from "../../infra/local/paths.js";
import { imageEnvName } from "../../infra/pulumi/images.js";
import { readReleases } from "../../runbooks/release/log.js";
import { psqlIn } from "../support/docker.js";
import { caFileOf, opsOn, releaseCandidate } from "../support/pulumiOps.js";
import { REPO_ROOT, SHEDDING_OFF } from "../support/instance.js";
import { DEPLOY_STEPS, opsMix, opsUnderLoad, stepsOf } from "../support/opsUnderLoad.js";
import { purgeDocker, testProject, type TestProject } from "../support/pulumiStack.js";
import { QUIET_BACKUP, QUIET_OBJECTIVES } from "../support/quietSchedule.js";

/**
 * The runbooks on a Pulumi stack, end to end: a drills-like stack on this host's Docker engine applied
 * by the real engine, then `ops deploy --image <ref@sha256>`, `ops flip`, `ops rollback` and `ops status`
 * through the runbooks' entry point, each under load through the proxy: no request may fail. Then the
 * backup runbooks on the same stack: `ops backup`, `ops backups`, `ops restore` of that backup into a
 * fresh database, and the backup's age in `ops status`.
 */
const STACK = "citestops";
const BASE = "drills";
const PORT = Number(process.env.VERIFIER_TEST_OPS_PORT ?? 19443);
const OVERRIDES = {
  httpsPort: PORT,
  previewPorts: { blue: PORT + 1, green: PORT + 2 },
  service: { overload: SHEDDING_OFF },
  backup: QUIET_BACKUP,
  objectives: QUIET_OBJECTIVES,
};

let project: TestProject;
let url: string;
let caFile: string;
let base: string;
let release: Awaited<ReturnType<typeof releaseCandidate>>;
let mix: Target[];
const ops = (command: string, ...args: string[]) => opsOn(project, BASE, OVERRIDES, command, ...args);
const container = (colour: string) => `${project.model.project}-api-${colour}-1`;

beforeAll(async () => {
  project = await testProject(STACK, BASE, OVERRIDES);
  await purgeDocker(project.model); // whatever a crashed earlier run left
  base = project.images[imageEnvName("api")]!;
  say(`… pulumi up ${STACK} (project ${project.dir}), beside the release candidate's build and push`);
  const [applied, candidate] = await Promise.all([
    up({ stack: STACK, root: project.dir, env: project.env }),
    releaseCandidate(base, STACK),
  ]);
  release = candidate;
  url = String(applied.outputs.url?.value);
  caFile = caFileOf(project, String(applied.outputs.tlsCertificate?.value));
  mix = await opsMix(url, caFile, String(applied.outputs.adminApiKey?.value), STACK);
});

afterAll(async () => {
  if (!project) return;
  await purgeDocker(project.model);
  await release?.remove();
  project.remove();
});

/** What the stack's outputs and the engine say: the active colour, each colour's image reference and image id. */
async function deployed() {
  const out = await outputs({ stack: STACK, root: project.dir, env: project.env });
  const images = out.apiImages?.value as Record<"blue" | "green", string>;
  const engine = async (colour: "blue" | "green") => {
    const [ref = "", id = ""] = (
      await run(["docker", "inspect", "--format", "{{.Config.Image}}|{{.Image}}", container(colour)])
    )
      .trim()
      .split("|");
    return { ref, id };
  };
  return {
    active: out.activeColour?.value as string,
    images,
    blue: await engine("blue"),
    green: await engine("green"),
  };
}

const imageId = async (ref: string) => (await run(["docker", "image", "inspect", "--format", "{{.Id}}", ref])).trim();

/**
 * An ops command under mixed load through the proxy (tests/support/opsUnderLoad.ts): GET /health/live,
 * POST to each verification engine and a batch (two analyst keys), and POST /sandbox/execute (an operator
 * key), each route only ever answered 200. Liveness rather than /health/ready: readiness answers 503 when
 * a dependency takes over 1.5 s, which a CPU-starved shared CI host caused once (three 503s from the live
 * colour during a deploy), a fact about the host, not the switch. The runbook's own smoke asks each
 * colour for readiness.
 */
const underLoad = (command: string, ...args: string[]) =>
  opsUnderLoad(
    { url, caFile, mix },
    command,
    () => ops(command, ...args),
    (r) => (r.code === 0 ? undefined : `${JSON.stringify(r.answer.error)}\n${r.stderr.slice(-3000)}`),
  );

test("ops deploy --image <digest>: the idle colour runs it, is smoked on its preview listener, then serves; no request fails", {
  timeout: 600_000,
}, async () => {
  const { result, paths } = await underLoad("deploy", "--image", release.ref);
  assert.deepEqual(
    stepsOf(result.answer),
    DEPLOY_STEPS.map((kind) => [kind, true]),
  );
  // The new colour booted on the database blue had migrated: it applied nothing, and says so in its log.
  const newest = Math.max(...readdirSync(join(REPO_ROOT, "service", "migrations")).map((f) => Number.parseInt(f, 10)));
  assert.deepEqual(result.answer.steps[2].result, { reported: true, applied: [], schemaVersion: newest });
  assert.deepEqual(result.answer.steps[3].result, { ok: true, total: 3, passed: 3, failures: [] });
  const now = await deployed();
  assert.deepEqual([now.active, now.images], ["green", { blue: base, green: release.ref }]);
  assert.deepEqual(
    [now.blue, now.green],
    [
      { ref: base, id: await imageId(base) },
      { ref: release.ref, id: await imageId(release.ref) },
    ],
  );
  assert.deepEqual(paths, new Set(["blue → green"]));
});

test("ops flip: traffic back to the warm blue colour, images unchanged; no request fails", {
  timeout: 600_000,
}, async () => {
  const { result, paths } = await underLoad("flip");
  assert.deepEqual(
    result.answer.steps.map((s: { step: { kind: string } }) => s.step.kind),
    ["smoke", "switch", "verify", "declare"],
  );
  const now = await deployed();
  assert.deepEqual([now.active, now.images, now.green.ref], ["blue", { blue: base, green: release.ref }, release.ref]);
  assert.deepEqual(paths, new Set(["green → blue"]));
});

test("ops rollback: back to the previous release (the candidate on green), an instant switch; no request fails", {
  timeout: 600_000,
}, async () => {
  const { result, paths } = await underLoad("rollback");
  assert.equal(result.answer.plan.image, release.ref);
  const now = await deployed();
  assert.deepEqual([now.active, now.images], ["green", { blue: base, green: release.ref }]);
  assert.deepEqual(paths, new Set(["blue → green"]));
  const log = readReleases(localPaths(project.dir, STACK).releaseLog).map((r) => [
    r.command,
    r.from,
    r.to,
    r.image,
    r.outcome,
  ]);
  assert.deepEqual(log, [
    ["deploy", "blue", "green", release.ref, "success"],
    ["flip", "green", "blue", base, "success"],
    ["rollback", "blue", "green", release.ref, "success"],
  ]);
});

test("ops status: the live colour, each colour's image and every container's health from the engine", {
  timeout: 120_000,
}, async () => {
  const { code, answer } = await ops("status");
  assert.equal(code, 0, JSON.stringify(answer.error));
  assert.deepEqual(
    [answer.activeColour, answer.colours.blue.image, answer.colours.green.image],
    ["green", base, release.ref],
  );
  assert.deepEqual(
    [answer.colours.blue.role, answer.colours.green.role, answer.colours.green.healthy],
    ["idle", "live", true],
  );
  const names = project.model.services.map((s) => `${project.model.project}-${s.name}`).sort();
  assert.deepEqual(answer.containers.map((c: { name: string }) => c.name).sort(), names);
  for (const c of answer.containers) assert.deepEqual([c.status, c.health], ["running", "healthy"], c.name);
});

/** The backup `ops backup` took; the restore below brings it back. */
let taken: string;
const psql = (sql: string) => psqlIn(`${project.model.project}-postgres`, sql);

test("ops backup: the job in the stack's backup container dumps and verifies; ops backups lists that backup as verified", {
  timeout: 180_000,
}, async () => {
  await psql(
    "CREATE TABLE ops_rows (id serial PRIMARY KEY, label text NOT NULL); INSERT INTO ops_rows (label) SELECT 'before ' || g FROM generate_series(1, 3) g",
  );
  const backup = await ops("backup");
  assert.equal(backup.code, 0, `ops backup: ${JSON.stringify(backup.answer.error)}\n${backup.stderr.slice(-2000)}`);
  taken = backup.answer.file;
  assert.match(taken, new RegExp(`^${STACK}_\\d{8}T\\d{6}Z\\.dump$`));
  assert.equal(backup.answer.project, project.model.project);
  const listed = await ops("backups");
  assert.equal(listed.code, 0, `ops backups: ${JSON.stringify(listed.answer.error)}`);
  assert.deepEqual(
    listed.answer.backups.map((b: { file: string; state: string }) => [b.file, b.state]),
    [[taken, "verified"]],
  );
});

test("ops restore --from <that backup>: a fresh database switched in by rename; the rows written before it are back, the later one is not", {
  timeout: 300_000,
}, async () => {
  await psql("INSERT INTO ops_rows (label) VALUES ('after')");
  const restore = await ops("restore", "--from", taken);
  assert.equal(restore.code, 0, `ops restore: ${JSON.stringify(restore.answer.error)}\n${restore.stderr.slice(-3000)}`);
  assert.deepEqual([restore.answer.plan.kind, restore.answer.plan.dump], ["dump", taken]);
  assert.equal(await psql("SELECT string_agg(label, ',' ORDER BY id) FROM ops_rows"), "before 1,before 2,before 3\n");
  const previous = restore.answer.switched.previous;
  assert.equal(
    await psql(
      "SELECT string_agg(datname || ':' || datallowconn, ',' ORDER BY datname) FROM pg_database WHERE datname LIKE 'verifier%'",
    ),
    `verifier:true,${previous}:false\n`,
  );
  // green is live after the rollback above: the idle blue restarts first.
  assert.deepEqual(restore.answer.restarted, [container("blue"), container("green")]);
  assert.equal(restore.answer.verify.ok, true);
});

test("ops status: the last verified backup and its age", { timeout: 120_000 }, async () => {
  const { code, answer } = await ops("status");
  assert.equal(code, 0, JSON.stringify(answer.error));
  assert.deepEqual(
    [answer.backups.count, answer.backups.newestVerified?.file],
    [1, taken],
    JSON.stringify(answer.backups),
  );
  assert.ok(
    answer.backups.newestVerified.ageSeconds >= 0 && answer.backups.newestVerified.ageSeconds < 600,
    JSON.stringify(answer.backups),
  );
  assert.match(answer.backups.text, /^last verified backup \S+ \(\d+[smhd] ago\)$/);
});

test("ops drill: the newest verified backup restored into a drills stack that pulumi up brings up beside the source, checked through its proxy, reported, destroyed", {
  timeout: 600_000,
}, async () => {
  const { code, answer, stderr } = await ops("drill");
  const r = answer.report;
  assert.equal(code, 0, `ops drill: ${JSON.stringify(answer.error ?? r?.failure)}\n${stderr.slice(-3000)}`);
  assert.deepEqual(
    [r.ok, r.source, r.restored.kind, r.restored.dump],
    [true, { stack: BASE, instance: STACK, project: project.model.project }, "logical", taken],
  );
  const rows = r.checks.tables.find((c: { table: string }) => c.table === "public.ops_rows");
  assert.deepEqual([rows?.ok, rows?.actualRows], [true, 3], JSON.stringify(r.checks.tables));
  assert.ok(
    r.checks.tables.every((c: { ok: boolean }) => c.ok),
    JSON.stringify(r.checks.tables),
  );
  assert.equal(r.checks.readiness, "GET /health/ready → 200 through the proxy");
  assert.deepEqual(
    r.checks.smoke.map((s: { ok: boolean }) => s.ok),
    [true, true, true],
  );
  // The drill ran the source's images, the live colour's release for the api.
  assert.equal(r.images.api, release.ref);
  // Nothing of the drill is left: no container, volume or network of its project, no stack, no stack file.
  const drillProject = `verifier-${r.id}`;
  const left = await Promise.all([
    run(["docker", "ps", "-aq", "--filter", `name=^${drillProject}-`]),
    run(["docker", "volume", "ls", "-q", "--filter", `label=verifier.project=${drillProject}`]),
    run(["docker", "network", "ls", "-q", "--filter", `name=^${drillProject}-`]),
  ]);
  assert.deepEqual(
    left.map((l) => l.trim()),
    ["", "", ""],
  );
  const stacks = await (await openStack({ stack: STACK, root: project.dir, env: project.env })).workspace.listStacks();
  assert.deepEqual(
    stacks.map((s) => s.name).filter((n) => n.startsWith("drill-")),
    [],
  );
  assert.deepEqual(
    readdirSync(project.dir).filter((f) => f.startsWith("Pulumi.drill-")),
    [],
  );
  assert.match(r.teardown, /^removed: /);
  console.log(
    `drill ${r.id}: RTO ${r.rto.seconds} s (objective ${r.rto.objectiveSeconds} s); phases ${r.phases.map((p: { name: string; startMs: number; endMs: number }) => `${p.name} ${((p.endMs - p.startMs) / 1000).toFixed(1)} s`).join(", ")}`,
  );
});

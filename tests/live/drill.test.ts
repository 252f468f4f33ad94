import { afterAll, beforeAll, test } from "vitest";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { run } from "../../infra/exec/run.js";
import { DATABASE_ROLES } from "../../infra/model/database.js";
import {
  ops,
  ownInstance,
  removeInstance,
  suiteInstance,
  type OwnInstance,
} from "../../runbooks/backup/testing/ops.js";
import { eventually, exec, runOn, psqlIn } from "../support/docker.js";
import { REPO_ROOT } from "../support/instance.js";

/**
 * A drill end to end on an instance of its own: 105k rows in three tables, two backups, the newer
 * one corrupted (one flipped byte), the source's tables dropped; then one drill proves the restore
 * (every count and checksum), the fallback past the corrupt backup, the measured RTO/RPO, the
 * report, and that nothing of the drills environment is left. Then `ops restore` brings the tables
 * back into the source itself; last, with the database down, a backup fails visibly.
 */
/** bkdrilltest names derive from VERIFIER_TEST_INSTANCE (suiteInstance), so parallel runs never collide. */
const INSTANCE = suiteInstance("bkdrilltest");
const SEED = `
CREATE TABLE drill_orders (id int PRIMARY KEY, customer text, amount numeric(10,2), at timestamptz);
INSERT INTO drill_orders SELECT g, 'c' || (g % 997), g / 7.0, timestamptz '2024-01-01' + g * interval '1 minute' FROM generate_series(1, 60000) g;
CREATE TABLE drill_items (id int PRIMARY KEY, order_id int, sku text);
INSERT INTO drill_items SELECT g, g % 60000 + 1, md5(g::text) FROM generate_series(1, 30000) g;
CREATE TABLE drill_notes (id int PRIMARY KEY, body text);
INSERT INTO drill_notes SELECT g, repeat('x', g % 50) FROM generate_series(1, 15000) g;`;

let i: OwnInstance;
let first: string;
let corrupted: string;
let disasterAt: Date;
let drill: { code: number; answer: Record<string, any>; wallSeconds: number };

const psql = (sql: string) => psqlIn(`${i.stack.project}-postgres`, sql);

/** One byte of the dump, inverted in place by the job's own user (owner of the file). */
const flipByte = (file: string) =>
  exec(`${i.stack.project}-backup`, [
    "node",
    "-e",
    "const fs=require('fs');const fd=fs.openSync(process.argv[1],'r+');const b=Buffer.alloc(1);fs.readSync(fd,b,0,1,1000);b[0]^=0xff;fs.writeSync(fd,b,0,1,1000);fs.closeSync(fd)",
    `/backups/${file}`,
  ]);

beforeAll(async () => {
  i = await ownInstance(REPO_ROOT, INSTANCE, {});
  await psql(SEED);
  first = (await ops(i, "backup")).answer.file;
  await new Promise((r) => setTimeout(r, 1100)); // backups are named by the second
  corrupted = (await ops(i, "backup")).answer.file;
  await flipByte(corrupted);
  disasterAt = new Date();
  await psql("DROP TABLE drill_orders, drill_items, drill_notes");
  const started = performance.now();
  const result = await ops(i, "drill", "--disaster-at", disasterAt.toISOString());
  drill = { ...result, wallSeconds: (performance.now() - started) / 1000 };
});

afterAll(async () => {
  await removeInstance(REPO_ROOT, INSTANCE, drill?.answer.report?.id ? [drill.answer.report.id] : []);
});

test("the drill restores every table of the newest good backup: all counts and checksums equal the manifest", () => {
  assert.equal(drill.code, 0, JSON.stringify(drill.answer.error ?? drill.answer.report?.failure));
  const r = drill.answer.report;
  assert.deepEqual([r.restored.kind, r.restored.dump], ["logical", first]);
  const seeded = r.checks.tables.filter((t: { table: string }) => t.table.startsWith("public.drill_"));
  assert.deepEqual(
    seeded.map((t: any) => [t.table, t.expectedRows, t.actualRows, t.checksum, t.ok]),
    [
      ["public.drill_items", 30000, 30000, "equal", true],
      ["public.drill_notes", 15000, 15000, "equal", true],
      ["public.drill_orders", 60000, 60000, "equal", true],
    ],
  );
  assert.ok(
    r.checks.tables.every((t: any) => t.ok && t.checksum === "equal"),
    JSON.stringify(r.checks.tables),
  );
  assert.deepEqual(
    r.checks.smoke.map((c: any) => c.ok),
    [true, true, true],
  );
});

test("the corrupt newest backup is detected by its sha256 and the report says the drill fell back past it", () => {
  const r = drill.answer.report;
  assert.deepEqual(r.skipped, [{ file: corrupted, reason: "corrupt: dump no longer matches its manifest (sha256)" }]);
  const md = readFileSync(join(drill.answer.dir, "report.md"), "utf8");
  assert.ok(
    md.includes(
      `restored dump ${first}, falling back past: ${corrupted} (corrupt: dump no longer matches its manifest (sha256))`,
    ),
    md,
  );
});

test("RTO and RPO are real measurements: RTO ends with the smoke phase, inside the command's wall time; RPO reaches back to the dump", () => {
  const r = drill.answer.report;
  const smoke = r.phases.find((p: any) => p.name === "smoke through the proxy");
  assert.ok(r.rto.seconds > 0 && r.rto.seconds < drill.wallSeconds, `${r.rto.seconds} s vs ${drill.wallSeconds} s`);
  assert.ok(Math.abs(r.rto.seconds - smoke.endMs / 1000) <= 0.01, JSON.stringify(r.phases));
  assert.equal(r.rto.met, true);
  const manifest = JSON.parse(readFileSync(join(drill.answer.dir, "manifest.json"), "utf8"));
  assert.equal(manifest.file, first);
  assert.equal(r.restored.recoveredUntil, manifest.created_at);
  // Both sides are rounded to 10 ms from the same two instants; allow one rounding step between them.
  const rpoSeconds = (disasterAt.getTime() - Date.parse(manifest.created_at)) / 1000;
  assert.ok(Math.abs(r.rpo.seconds - rpoSeconds) <= 0.011, `${r.rpo.seconds} s vs ${rpoSeconds} s`);
  assert.ok(r.rpo.seconds > 1, String(r.rpo.seconds));
});

test("only the report and the manifest outlive the drill: no container, volume or secret of the drills instance is left", async () => {
  const r = drill.answer.report;
  for (const f of ["report.json", "report.md", "timeline.svg", "manifest.json"])
    assert.ok(existsSync(join(drill.answer.dir, f)), f);
  const history = readFileSync(join(REPO_ROOT, ".local", "drills", "history.jsonl"), "utf8")
    .trim()
    .split("\n");
  assert.equal(JSON.parse(history.at(-1)!).id, r.id);
  const label = `label=verifier.project=verifier-${r.id}`;
  assert.equal((await run(["docker", "ps", "-aq", "--filter", label])).trim(), "");
  assert.equal((await run(["docker", "volume", "ls", "-q", "--filter", label])).trim(), "");
  assert.equal(existsSync(join(REPO_ROOT, ".local", r.id)), false);
});

test("ops restore brings the dropped tables back into the source through a fresh database, keeping the old one", async () => {
  const api = `${i.stack.project}-api-blue-1`;
  const startedBefore = (await run(["docker", "inspect", "--format", "{{.State.StartedAt}}", api])).trim();
  const { code, answer } = await ops(i, "restore", "--from", "latest");
  assert.equal(code, 0, JSON.stringify(answer.error));
  assert.equal(answer.plan.dump, first);
  assert.equal(await psql("SELECT count(*) FROM drill_orders"), "60000\n");
  const databases = await psql(
    "SELECT datname || ':' || datallowconn FROM pg_database WHERE datname LIKE 'verifier%' ORDER BY 1",
  );
  assert.equal(databases, `verifier:true\n${answer.switched.previous}:false\n`);
  assert.deepEqual(answer.restarted, [`${i.stack.project}-api-green-1`, api]);
  assert.notEqual((await run(["docker", "inspect", "--format", "{{.State.StartedAt}}", api])).trim(), startedBefore);
  assert.equal(answer.verify.ok, true);
});

const metric = (text: string, series: string): number =>
  Number(
    text
      .split("\n")
      .find((l) => l.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? Number.NaN,
  );
const listed = async () =>
  (await exec(`${i.stack.project}-backup`, ["ls", "-A", "/backups"])).split("\n").filter(Boolean).sort();

test("with the database down a backup fails: exit 1 with the job's reason, the scheduled run's failure in the scraped metrics, no file that counts", async () => {
  await run(["docker", "stop", "--time", "10", `${i.stack.project}-postgres`]);
  const before = await listed();
  const manual = await ops(i, "backup");
  assert.deepEqual([manual.code, manual.answer.error.code], [1, "BACKUP_FAILED"]);
  assert.match(
    manual.answer.error.message,
    new RegExp(
      `no new backup counts: .*BACKUP_DB_UNREACHABLE.*cannot connect to postgres as ${DATABASE_ROLES.backup.role}@postgres:5432/verifier`,
    ),
  );
  const image = (await run(["docker", "inspect", "--format", "{{.Config.Image}}", `${i.stack.project}-backup`])).trim();
  const scrape = () =>
    runOn(`${i.stack.project}-metrics`, image, [
      "node",
      "-e",
      "fetch('http://backup:9466/metrics').then((r) => r.text()).then((t) => process.stdout.write(t))",
    ]);
  const failures = (t: string) => metric(t, 'backup_runs_total{outcome="failure"}');
  const first = await scrape();
  await run(["docker", "kill", "--signal", "SIGUSR2", `${i.stack.project}-backup`]); // the scheduled run, now
  const text = await eventually(scrape, (t) => failures(t) > failures(first), 60_000, 1000);
  assert.equal(failures(text), failures(first) + 1, text);
  assert.equal(
    metric(text, 'backup_runs_total{outcome="success"}'),
    metric(first, 'backup_runs_total{outcome="success"}'),
  );
  assert.equal(metric(text, "backup_verified_count"), 1);
  assert.ok(metric(text, "backup_last_duration_seconds") > 0);
  assert.deepEqual(await listed(), before);
  assert.deepEqual(
    before.filter((n) => n.startsWith(".")),
    [],
  );
});

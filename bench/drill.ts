// Drill figures on an instance of its own, printed as JSON on stdout (progress on stderr): for a
// database of BENCH_DRILL_ROWS rows (default 1.6 M, about 360 MiB on disk), the backup job's run
// against a raw pg_dump of the same data, and the drill's RTO against a raw `pg_restore -j <cores>` of
// the same dump into the same kind of server (the source's postgres gets the drill's limits: every
// core, 2 GiB), measured in the same run (plus what the drill's data check alone costs: row counts and
// checksums of every row of the restored copy, as the job's `stats` computes them).
// Run: node --import tsx bench/drill.ts
import { execFile } from "node:child_process";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { step } from "../infra/exec/progress.js";
import { run } from "../infra/exec/run.js";
import { DATABASE_ROLES, secretFile } from "../infra/model/database.js";
import { drillCores } from "../runbooks/backup/drill/environment.js";
import { DRILL_POSTGRES_LIMITS } from "../runbooks/backup/drill/plan.js";
import { ops, ownInstance, removeInstance } from "../runbooks/backup/testing/ops.js";
import { psqlArgv } from "../tests/support/docker.js";
import { REPO_ROOT } from "../tests/support/instance.js";

const ROWS = Number(process.env.BENCH_DRILL_ROWS ?? 1_600_000);
/** Its own instance, named by BENCH_DRILL_INSTANCE (default bkbench) so parallel runs never share one. */
const INSTANCE = process.env.BENCH_DRILL_INSTANCE ?? "bkbench";
/** The goal: the drill's whole RTO within a raw restore of the same dump plus this, s. */
const GOAL_OVERHEAD_S = 15;

const SEED = `CREATE TABLE bench_events (id bigint PRIMARY KEY, at timestamptz NOT NULL, customer int NOT NULL, amount numeric(12,2), payload text);
INSERT INTO bench_events SELECT g, timestamptz '2024-01-01' + g * interval '1 second', g % 50000, g / 13.0, md5(g::text) || repeat(md5((g * 7)::text), 3)
  FROM generate_series(1, ${ROWS}) g;
CREATE INDEX bench_events_customer ON bench_events (customer);
CREATE TABLE bench_customers (id int PRIMARY KEY, name text NOT NULL);
INSERT INTO bench_customers SELECT g, 'customer ' || g FROM generate_series(1, 50000) g;`;

const CORES = drillCores();
const i = await ownInstance(REPO_ROOT, INSTANCE, { limits: { postgres: DRILL_POSTGRES_LIMITS(CORES) } });
const container = (s: string) => `${i.stack.project}-${s}`;
const psql = (sql: string) =>
  run(["docker", "exec", container("postgres"), ...psqlArgv(sql)], { timeoutMs: 30 * 60_000 });

/**
 * A shell command in the backup container as the job's own role, with the password from its secret file;
 * its own runtime in s (inside the container, no docker exec overhead).
 */
async function timedInBackup(script: string): Promise<number> {
  const { role, secret } = DATABASE_ROLES.backup;
  const login = `export PGPASSWORD="$(cat ${secretFile(secret)})" PGHOST=postgres PGUSER=${role}`;
  const body = `${login}; s=$(date +%s%N); ${script}; e=$(date +%s%N); echo $(( (e - s) / 1000000 ))`;
  const out = await run(["docker", "exec", container("backup"), "sh", "-c", body], { timeoutMs: 60 * 60_000 });
  return Number(out.trim().split("\n").at(-1)) / 1000;
}

/** The job's own run, with its log times split into the dump and the verification. */
async function jobRun(): Promise<{
  file: string;
  seconds: number;
  dumpSeconds: number;
  verifySeconds: number;
  sizeBytes: number;
}> {
  const started = Date.now();
  const { stdout, stderr } = await execFileAsync(
    "docker",
    ["exec", container("backup"), "node", "/app/dist/src/backup/main.js", "run"],
    { maxBuffer: 16 << 20 },
  );
  const seconds = (Date.now() - started) / 1000;
  const at = (msg: string) =>
    JSON.parse(stderr.split("\n").find((l) => l.includes(`"msg":"${msg}"`)) ?? "{}").time as number;
  const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as { file: string; size_bytes: number };
  return {
    file: result.file,
    seconds,
    dumpSeconds: (at("dump written; verifying") - started) / 1000,
    verifySeconds: (at("backup verified") - at("dump written; verifying")) / 1000,
    sizeBytes: result.size_bytes,
  };
}

const execFileAsync = promisify(execFile);
const round = (s: number) => Math.round(s * 100) / 100;

try {
  await step(`seed ${ROWS} rows`, () => psql(SEED));
  const dbBytes = Number((await psql("SELECT pg_database_size('verifier')")).trim());
  const rawDumpS = await step("raw pg_dump -Fc", () =>
    timedInBackup("pg_dump -Fc -d verifier -f /backups/.bench-raw.dump"),
  );
  await run(["docker", "exec", container("backup"), "rm", "-f", "/backups/.bench-raw.dump"]);
  const job = await step("the backup job's run (dump, verification, retention)", jobRun);
  await timedInBackup("createdb bench_raw");
  const rawRestoreS = await step(`raw pg_restore -j ${CORES} of the same dump`, () =>
    timedInBackup(`pg_restore -j ${CORES} --no-owner -d bench_raw /backups/${job.file}`),
  );
  // What the drill's data check costs on its own: counts and checksums of every row of the restored copy.
  const checksumS = await step("row counts and checksums of the restored copy", () =>
    timedInBackup("node /app/dist/src/backup/main.js stats bench_raw > /dev/null"),
  );
  await timedInBackup("dropdb bench_raw");
  const started = performance.now();
  const drill = await ops(i, "drill");
  const drillWallS = (performance.now() - started) / 1000;
  if (drill.code !== 0) throw new Error(`drill failed: ${JSON.stringify(drill.answer.error)}`);
  const r = drill.answer.report;
  const rto = r.rto.seconds as number;
  process.stdout.write(
    `${JSON.stringify(
      {
        database: {
          rows: ROWS + 50000,
          sizeBytes: dbBytes,
          sizeMiB: Math.round(dbBytes / 2 ** 20),
          dumpBytes: job.sizeBytes,
        },
        backup: {
          rawPgDumpSeconds: round(rawDumpS),
          jobRunSeconds: round(job.seconds),
          jobDumpSeconds: round(job.dumpSeconds),
          jobVerifySeconds: round(job.verifySeconds),
          jobVsRawDump: round(job.seconds / rawDumpS),
        },
        drill: {
          cores: CORES,
          rawPgRestoreSeconds: round(rawRestoreS),
          dataCheckSeconds: round(checksumS),
          rtoSeconds: rto,
          overheadSeconds: round(rto - rawRestoreS),
          goalOverheadSeconds: GOAL_OVERHEAD_S,
          goalMet: rto - rawRestoreS <= GOAL_OVERHEAD_S,
          commandWallSeconds: round(drillWallS),
          phases: Object.fromEntries(
            (r.phases as { name: string; startMs: number; endMs: number }[]).map((p) => [
              p.name,
              round((p.endMs - p.startMs) / 1000),
            ]),
          ),
          restored: r.restored.dump,
          rpoSeconds: r.rpo.seconds,
        },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await removeInstance(REPO_ROOT, INSTANCE);
}

import { run } from "../../../infra/exec/run.js";
import { DATABASE } from "../../../infra/model/database.js";
import { describeAttempt, type Attempt } from "../candidates.js";
import { checkTables, type DataMode, type TableCheck } from "../checks.js";
import { BackupRunbookError } from "../errors.js";
import type { RestoredFrom } from "../report.js";
import { jobAnswer, restoreResultSchema, statsSchema, type DumpManifest } from "../schemas.js";
import type { DrillEnv } from "./drillEnv.js";
import {
  awaitPrimary,
  dropDrillDatabase,
  makeDurable,
  resetRoles,
  superuserPassword,
  tuneForRestore,
} from "./environment.js";
import { DRILL_DEFAULTS, jobArgv, restoreBaseArgv, type DrillNames } from "./plan.js";
import { readDumpManifest, type DrillSource } from "./source.js";

export interface AttemptContext {
  env: DrillEnv;
  src: DrillSource;
  names: DrillNames;
  /** Times a step as a phase of its own in the report (steps may overlap). */
  phase: <T>(name: string, work: () => Promise<T>) => Promise<T>;
}

/** A restore that passed its data checks (done before the api starts: its boot writes rows of its own). */
export interface Restored {
  from: RestoredFrom;
  manifest: DumpManifest;
  tables: TableCheck[];
  /** What must still happen before the server counts as ready (the restore's settings undone); runs beside the readiness wait. */
  settle: () => Promise<void>;
}

/**
 * Tries each attempt in order until one restores and passes its data checks. A physical attempt
 * always starts from an empty data volume; after one, a logical attempt starts from a fresh cluster.
 */
export async function runAttempts(
  ctx: AttemptContext,
  attempts: readonly Attempt[],
): Promise<{ restored?: Restored; failed: { attempt: string; reason: string }[] }> {
  const failed: { attempt: string; reason: string }[] = [];
  let dirty = false;
  for (const attempt of attempts) {
    try {
      if (attempt.kind === "physical") dirty = true;
      const restored = attempt.kind === "physical" ? await physical(ctx, attempt) : await logical(ctx, attempt, dirty);
      return { restored, failed };
    } catch (err) {
      failed.push({ attempt: describeAttempt(attempt), reason: (err as Error).message.replace(/\s*\n\s*/g, " ") });
    }
  }
  return { failed };
}

/**
 * The job restores into a fresh database and compares it with the manifest, then that database
 * takes the configured name. The api boots meanwhile: the name does not exist until the switch,
 * so it waits (retrying) and connects to the restored data, never to an empty database.
 */
async function logical(
  ctx: AttemptContext,
  a: Extract<Attempt, { kind: "logical" }>,
  dirty: boolean,
): Promise<Restored> {
  const project = ctx.env.project;
  await ctx.phase("· postgres takes writes, tuned for the restore", async () => {
    if (dirty) await ctx.env.emptyData();
    await ctx.env.startPostgres();
    await awaitPrimary(project);
    await Promise.all([dropDrillDatabase(project), tuneForRestore(project)]);
  });
  const argv = jobArgv(
    ctx.names,
    ctx.src.images.backup!,
    ctx.src.stack,
    ["restore", a.dump, DRILL_DEFAULTS.restoredDatabase, "--switch"],
    `${project}-backend`,
  );
  const restoreAndSwitch = ctx.phase(
    `· pg_restore -j ${ctx.names.jobs}, counts and checksums (${ctx.names.jobs} connections), switch in (job)`,
    async () => run(argv, { timeoutMs: 60 * 60_000, input: await superuserPassword(project) }),
  );
  const [out, manifest] = await allSettled(
    restoreAndSwitch,
    readDumpManifest(ctx.src, ctx.names, a.dump),
    ctx.phase("· the api and the other services start", () => ctx.env.startApp()),
  );
  const result = jobAnswer(restoreResultSchema, out, "restore");
  const from: RestoredFrom = {
    kind: "logical",
    dump: a.dump,
    base: null,
    walSegments: 0,
    recoveredUntil: manifest.created_at,
  };
  return judged(manifest, result.tables, "exact", from, () =>
    ctx.phase("· restore settings undone: fsync on, CHECKPOINT, sync", () => makeDurable(project)),
  );
}

/** restore-base stages the base backup and WAL; the server recovers to the end of the WAL when it starts. */
async function physical(ctx: AttemptContext, a: Extract<Attempt, { kind: "physical" }>): Promise<Restored> {
  const project = ctx.env.project;
  await ctx.phase(`· stage base backup + ${a.segments.length} WAL segment(s)`, async () => {
    await ctx.env.emptyData();
    await run(restoreBaseArgv(ctx.names, ctx.src.images.postgres!, a.base.name, a.base.sha256, a.segments), {
      timeoutMs: 30 * 60_000,
    });
  });
  await ctx.phase("· recovery (WAL replay) until postgres takes writes", async () => {
    await ctx.env.startPostgres();
    await awaitPrimary(project);
    await resetRoles(project);
  });
  const statsArgv = jobArgv(
    ctx.names,
    ctx.src.images.backup!,
    ctx.src.stack,
    ["stats", DATABASE.name],
    `${project}-backend`,
  );
  const [out, manifest] = await allSettled(
    ctx.phase("· counts and checksums (job)", async () => run(statsArgv, { input: await superuserPassword(project) })),
    readDumpManifest(ctx.src, ctx.names, a.dump),
    ctx.phase("· the api and the other services start", () => ctx.env.startApp()),
  );
  const stats = jobAnswer(statsSchema, out, "stats");
  const recoveredUntil = stats.recovered_until ?? a.base.start_time ?? manifest.created_at;
  return judged(
    manifest,
    stats.tables,
    "at-least",
    { kind: "physical", dump: a.dump, base: a.base.name, walSegments: a.segments.length, recoveredUntil },
    async () => undefined,
  );
}

function judged(
  manifest: DumpManifest,
  tables: DumpManifest["tables"],
  mode: DataMode,
  from: RestoredFrom,
  settle: () => Promise<void>,
): Restored {
  const checks = checkTables(manifest.tables, tables, mode);
  const bad = checks.filter((c) => !c.ok);
  if (bad.length > 0) {
    throw new BackupRunbookError(
      "RESTORE_FAILED",
      `data does not match ${manifest.file} (${mode}): ${bad.map((c) => `${c.table} rows ${c.actualRows ?? "absent"} vs ${c.expectedRows}, checksum ${c.checksum}`).join("; ")}`,
    );
  }
  return { from, manifest, tables: checks, settle };
}

/** Like Promise.all, but every step has ended before the first failure is raised: no step runs on into the next attempt. */
async function allSettled<A, B, C>(a: Promise<A>, b: Promise<B>, c: Promise<C>): Promise<[A, B, C]> {
  const results = await Promise.allSettled([a, b, c]);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as [A, B, C];
}

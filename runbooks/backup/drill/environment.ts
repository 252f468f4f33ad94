import { createServer } from "node:net";
import { availableParallelism } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { run } from "../../../infra/exec/run.js";
import { down } from "../../../infra/local/down.js";
import { prepare, type Prepared } from "../../../infra/local/prepare.js";
import { composeUp } from "../../../infra/local/up.js";
import { DATABASE } from "../../../infra/model/database.js";
import { BackupRunbookError } from "../errors.js";
import { containerOf, superuserPasswordArgv } from "../job.js";
import {
  CHECKPOINT_SQL,
  DRILL_DEFAULTS,
  DURABLE_SQL,
  FSYNC_SQL,
  rolesInArgv,
  TUNE_SQL,
  drillOverrides,
  durableArgv,
  psqlArgv,
  psqlInArgv,
  volumeCreateArgv,
} from "./plan.js";
import { projectOf } from "../../../infra/model/build.js";

export const DRILLS_STACK = "drills";

/** A port nothing listens on now: bound once by the OS, then released for the drill's proxy. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The cores this machine has: the drill's restore jobs, check connections and postgres CPU limit. */
export const drillCores = (): number => availableParallelism();

/** Renders the drills stack as instance `id` (throwaway secrets, own networks and volumes); starts nothing. */
export function provision(
  repoRoot: string,
  id: string,
  images: Record<string, string>,
  port: number,
  cores: number,
): Promise<Prepared> {
  return prepare({ repoRoot, stack: DRILLS_STACK, instance: id, overrides: drillOverrides(images, port, cores) });
}

/** `compose up --no-deps` of the named services: the drill decides the order, not depends_on. */
export async function start(p: Prepared, services: string[]): Promise<void> {
  if (services.length > 0) await composeUp(p, services);
}

export const servicesOf = (p: Prepared, include: (name: string) => boolean): string[] =>
  p.model.services.map((s) => s.name).filter(include);

/** Removes the postgres container and its data volume, and makes an empty one (labelled as Compose would). */
export async function freshDataVolume(p: Prepared): Promise<void> {
  await run(["docker", "rm", "-f", containerOf(p.model.project, "postgres")]).catch(() => undefined);
  await run(["docker", "volume", "rm", "-f", `${p.model.project}-pgdata`]);
  await run(volumeCreateArgv(p.model.project, "pgdata", p.model.stack));
}

/**
 * Waits until the server takes writes: recovery (WAL replay) finished and promoted. pg_isready would
 * pass earlier (a recovering server accepts read-only sessions). A server that exits has failed.
 */
export function awaitPrimary(project: string, timeoutMs: number = DRILL_DEFAULTS.recoveryTimeoutMs): Promise<void> {
  return awaitPrimaryIn(containerOf(project, "postgres"), timeoutMs);
}

/** awaitPrimary for the server in any container of ours (a point-in-time recovery's throwaway too). */
export async function awaitPrimaryIn(
  container: string,
  timeoutMs: number = DRILL_DEFAULTS.recoveryTimeoutMs,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await run(psqlInArgv(container, "SELECT pg_is_in_recovery()"), { timeoutMs: 10_000 }).catch(
      () => "",
    );
    if (answer.trim() === "f") return;
    const state = await run(["docker", "inspect", "--format", "{{.State.Status}}", container]).catch(() => "absent");
    if (state.trim() !== "running" || Date.now() > deadline)
      throw await serverFailed(container, state.trim(), timeoutMs);
    await sleep(DRILL_DEFAULTS.pollMs);
  }
}

async function serverFailed(container: string, state: string, timeoutMs: number): Promise<BackupRunbookError> {
  // The server logs to stderr, which `docker logs` passes on as its own stderr.
  const logs = await run(["sh", "-c", 'docker logs --tail 8 "$1" 2>&1', "sh", container]).catch(
    (e: Error) => e.message,
  );
  const why = state === "running" ? `still recovering after ${timeoutMs / 1000} s` : `postgres is ${state}`;
  return new BackupRunbookError(
    "RESTORE_FAILED",
    `${why}; its last log lines: ${logs.replace(/\s*\n\s*/g, " | ").slice(-600)}`,
  );
}

/**
 * The drill's own database goes (the entrypoint's empty one, or what a failed attempt switched in):
 * the restored one takes its name, and the api waits until it does.
 */
export async function dropDrillDatabase(project: string): Promise<void> {
  await run(psqlArgv(project, `DROP DATABASE IF EXISTS ${DATABASE.name} WITH (FORCE)`), { timeoutMs: 30_000 });
}

/**
 * The first call starts every service but postgres in one `compose up` (the api boots while the
 * data is restored and waits for the database by itself; running ones are left alone); a later
 * call restarts the api containers, so no pool keeps a connection to a failed attempt's data.
 */
export function appStarter(p: Prepared): () => Promise<void> {
  const api = servicesOf(p, (n) => n.startsWith("api-"));
  let started = false;
  return async () => {
    if (started)
      await run(["docker", "restart", ...api.map((n) => containerOf(p.model.project, n))], { timeoutMs: 120_000 });
    else
      await start(
        p,
        servicesOf(p, (n) => n !== "postgres"),
      );
    started = true;
  };
}

/** RESTORE_SETTINGS on the drill's postgres (see plan.ts): only ever this throwaway server. */
export async function tuneForRestore(project: string): Promise<void> {
  await run(psqlArgv(project), { input: TUNE_SQL, timeoutMs: 30_000 });
}

/**
 * The defaults back (fsync on), seen by a new session, then a CHECKPOINT and a sync of the data
 * directory: what the restore wrote is on disk before the drill calls the server ready.
 */
export async function makeDurable(project: string): Promise<void> {
  await run(psqlArgv(project), { input: DURABLE_SQL, timeoutMs: 30_000 });
  const deadline = Date.now() + 30_000;
  while ((await run(psqlArgv(project, FSYNC_SQL), { timeoutMs: 10_000 })).trim() !== "on") {
    if (Date.now() > deadline)
      throw new BackupRunbookError(
        "DRILL_FAILED",
        "the drill's postgres did not turn fsync back on within 30 s of the reload",
      );
    await sleep(DRILL_DEFAULTS.pollMs);
  }
  await run(psqlArgv(project, CHECKPOINT_SQL), { timeoutMs: 10 * 60_000 });
  await run(durableArgv(project), { timeoutMs: 10 * 60_000 });
}

/** The drill's superuser password, for the job's throwaways that log in to the drill's postgres (jobArgv). */
export async function superuserPassword(project: string): Promise<string> {
  return run(superuserPasswordArgv(containerOf(project, "postgres")), { timeoutMs: 30_000 });
}

/** The drill's passwords for the superuser and the api's roles, and those roles' rights (rolesInArgv). */
export async function resetRoles(project: string): Promise<void> {
  await run(rolesInArgv(containerOf(project, "postgres")), { timeoutMs: 30_000 });
}

/** Everything of the drill goes: containers, networks, volumes, secrets; the report is kept elsewhere. */
export async function teardown(repoRoot: string, id: string): Promise<void> {
  await down({ repoRoot, instance: id, purge: true });
  const project = projectOf(id);
  const leftover = (await run(["docker", "volume", "ls", "-q", "--filter", `label=verifier.project=${project}`]))
    .split("\n")
    .filter(Boolean);
  if (leftover.length > 0) await run(["docker", "volume", "rm", "-f", ...leftover]);
}

import { main } from "../../cli/main.js";
import { COMMANDS } from "../../commands/registry.js";
import { down } from "../../../infra/local/down.js";
import { up, type UpResult } from "../../../infra/local/up.js";
import { freePort } from "../drill/environment.js";
import { QUIET_BACKUP, QUIET_OBJECTIVES } from "../../../tests/support/quietSchedule.js";

/**
 * What the live suites of these runbooks share: an instance of their own (never the shared citest,
 * which other suites use at the same time) and `ops` called in-process, exactly as the CLI runs it.
 */
export interface OwnInstance {
  repoRoot: string;
  instance: string;
  overrides: Record<string, unknown>;
  stack: UpResult;
}

/**
 * A live suite's own instance name: `base` (e.g. bkwaltest) in the default run; prefixed with
 * VERIFIER_TEST_INSTANCE when a run names its own instance (anything but the default citest), so
 * two runs in parallel never share an instance, its volumes or its drills.
 */
export function suiteInstance(base: string, env: NodeJS.ProcessEnv = process.env): string {
  const run = env.VERIFIER_TEST_INSTANCE;
  return run === undefined || run === "citest" ? base : `${run}-${base}`;
}

/**
 * Brings `instance` of the local stack up from nothing (whatever a crashed earlier run left is purged
 * first) on a free port with `overrides` (sandbox off unless said; its backup schedule never fires in a run).
 */
export async function ownInstance(
  repoRoot: string,
  instance: string,
  overrides: Record<string, unknown>,
): Promise<OwnInstance> {
  await down({ repoRoot, instance, purge: true });
  const backup = { ...QUIET_BACKUP, ...(overrides.backup as Record<string, unknown> | undefined) };
  const objectives = { ...QUIET_OBJECTIVES, ...(overrides.objectives as Record<string, unknown> | undefined) };
  const all = { sandbox: { enabled: false }, ...overrides, backup, objectives, httpsPort: await freePort() };
  return {
    repoRoot,
    instance,
    overrides: all,
    stack: await up({ repoRoot, stack: "local", instance, overrides: all }),
  };
}

/** Removes the instance, and the drills environments of `drills` (their own teardown is what the suites test; this is the net under it). */
export async function removeInstance(
  repoRoot: string,
  instance: string,
  drills: readonly string[] = [],
): Promise<void> {
  for (const id of drills) await down({ repoRoot, instance: id, purge: true }).catch(() => undefined);
  await down({ repoRoot, instance, purge: true });
}

/** `ops <command> local <args> --instance … --config … --json`, in-process; the parsed JSON answer and the exit code. */
export async function ops(
  i: OwnInstance,
  command: string,
  ...args: string[]
): Promise<{ code: number; answer: Record<string, any> }> {
  const stdout: string[] = [];
  const argv = [command, "local", ...args, "--instance", i.instance, "--config", JSON.stringify(i.overrides), "--json"];
  const code = await main(argv, {
    registry: COMMANDS,
    repoRoot: i.repoRoot,
    verbose: false,
    operator: { interactive: false, ask: async () => "" },
    out: (text) => void stdout.push(text),
    err: (text) => void process.stderr.write(text),
  });
  return { code, answer: JSON.parse(stdout.join("")) as Record<string, any> };
}

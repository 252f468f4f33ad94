import { setTimeout as sleep } from "node:timers/promises";
import { main } from "../runbooks/cli/main.js";
import { COMMANDS } from "../runbooks/commands/registry.js";
import type { PulumiWorkspace } from "../runbooks/targets/pulumi/target.js";
import { startLoad, type LoadReport } from "./load/client.js";
import { REPO_ROOT } from "./stack.js";

/**
 * One stack the runbooks bench drives: `ops <command> <base> --instance <instance> --config <overrides>`
 * runs on it in-process, exactly as the CLI does (both renderings alike, so neither pays a child
 * process's start-up). `workspace` is where a Pulumi stack's project lives; Compose needs none.
 */
export interface OpsSite {
  rendering: "compose" | "pulumi";
  base: string;
  instance: string;
  overrides: Record<string, unknown>;
  workspace?: PulumiWorkspace;
  /** The proxy's HTTPS URL and the CA that signed its certificate: where the load goes. */
  url: string;
  caFile: string;
}

export interface OpFigure {
  seconds: number;
  stepsMs: Record<string, number>;
  /** Requests of the load sent from `loadSettleMs` before the command to `loadSettleMs` after it; null without load. */
  requests: number | null;
  failedRequests: number | null;
}

/** How long the load runs alone before and after each command, ms. */
const LOAD_SETTLE_MS = 1_000;

async function ops(site: OpsSite, command: string, args: string[]) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const argv = [
    command,
    site.base,
    ...args,
    "--instance",
    site.instance,
    "--config",
    JSON.stringify(site.overrides),
    "--json",
  ];
  const code = await main(argv, {
    registry: COMMANDS,
    repoRoot: REPO_ROOT,
    verbose: false,
    operator: { interactive: false, ask: async () => "" },
    out: (text) => void stdout.push(text),
    err: (text) => void stderr.push(text),
    ...(site.workspace ? { pulumiWorkspace: site.workspace } : {}),
  });
  return {
    code,
    answer: JSON.parse(stdout.join("")) as { steps?: { step: { kind: string }; ms: number }[]; error?: unknown },
    stderr: stderr.join(""),
  };
}

/** `work` under `loadRate` GET /health/live a second (0: no load), the load alone for a moment before and after it. */
async function underLoad<T>(
  site: OpsSite,
  loadRate: number,
  work: () => Promise<T>,
): Promise<{ value: T; report?: LoadReport }> {
  if (loadRate <= 0) return { value: await work() };
  const load = startLoad({
    url: `${site.url}/health/live`,
    caFile: site.caFile,
    rate: loadRate,
    workers: 2,
    durationMs: 900_000,
  });
  load.done.catch(() => undefined); // observed by stop(); unobserved until then, a killed generator would crash the bench before its cleanup
  try {
    await sleep(LOAD_SETTLE_MS);
    const value = await work();
    await sleep(LOAD_SETTLE_MS);
    return { value, report: await load.stop() };
  } catch (err) {
    await load.stop().catch(() => undefined);
    throw err;
  }
}

/** Wall time of one ops command on a site. A command that fails ends the bench: the next one would measure a different state. */
export async function timedOp(site: OpsSite, command: string, args: string[], loadRate: number): Promise<OpFigure> {
  const {
    value: { result, seconds },
    report,
  } = await underLoad(site, loadRate, async () => {
    const started = Date.now();
    const result = await ops(site, command, args);
    return { result, seconds: (Date.now() - started) / 1000 };
  });
  if (result.code !== 0) {
    throw new Error(
      `ops ${command} on the ${site.rendering} stack ${site.instance} exited ${result.code}: ${JSON.stringify(result.answer.error)}\n${result.stderr.slice(-3000)}`,
    );
  }
  return {
    seconds,
    stepsMs: Object.fromEntries((result.answer.steps ?? []).map((s) => [s.step.kind, s.ms])),
    requests: report?.total ?? null,
    failedRequests: report ? report.non2xx + report.errors : null,
  };
}

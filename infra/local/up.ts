import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describeGuard, ensureHostGuard } from "../exec/hostGuard.js";
import { run } from "../exec/run.js";
import { say, step } from "../exec/progress.js";
import type { EnvironmentModel } from "../model/types.js";
import { composeArgv } from "./engine.js";
import { writeFileAtomic } from "./fsx.js";
import { waitHealthy } from "./health.js";
import { acquireLock } from "./lock.js";
import { localPaths } from "./paths.js";
import { prepare, type InstanceOptions, type Prepared } from "./prepare.js";
import { smokeThroughProxy, type SmokeCheck } from "./smoke.js";
import { inspectNetworks, staleNetworks } from "./staleNetworks.js";
import { assertVolumesOurs } from "./volumeClaims.js";

export interface UpOptions extends InstanceOptions {
  /** How long containers may take to become healthy, ms. Default 240000. */
  healthTimeoutMs?: number;
}

export interface UpResult {
  url: string;
  caFile: string;
  credentialsFile: string;
  project: string;
  composeFile: string;
  model: EnvironmentModel;
}

/** Brings a local instance up from whatever state it is in, waits for health and smoke-tests it. */
export async function up(opts: UpOptions): Promise<UpResult> {
  const release = acquireLock(localPaths(opts.repoRoot, opts.instance ?? opts.stack).lock, `up ${opts.stack}`);
  try {
    const p = await prepare(opts);
    await assertVolumesOurs(p.model.project, p.checkout);
    const stale = staleNetworks(p.model, await inspectNetworks(p.model));
    if (stale.length > 0)
      await step(`stop ${p.model.project}: ${stale.join(", ")} predate the host guard's bridge names`, () =>
        run(composeArgv(p.compose, p.model.project, p.paths.compose, ["down", "--remove-orphans", "--timeout", "45"]), {
          timeoutMs: 5 * 60_000,
        }),
      );
    await step(`start ${p.model.project} (${p.model.services.length} containers)`, () => composeUp(p));
    return await verify(p, opts.healthTimeoutMs ?? 240_000);
  } finally {
    release();
  }
}

/**
 * `compose up -d` for all services, or only the named ones (no dependencies touched). Compose makes
 * missing networks here, so the host guard is checked (and loaded when missing) first.
 */
export async function composeUp(p: Prepared, services: string[] = []): Promise<string> {
  const guard = await ensureHostGuard(process.env);
  if (guard.state !== "present") say(describeGuard(guard));
  const args = services.length > 0 ? ["up", "-d", "--no-deps", ...services] : ["up", "-d", "--remove-orphans"];
  return run(composeArgv(p.compose, p.model.project, p.paths.compose, args), { timeoutMs: 10 * 60_000 });
}

/** How long the proxy may take to see recreated api containers as UP (health checks: rise 2, inter 1 s). */
const SMOKE_SETTLE_MS = 30_000;

/** The smoke test, repeated until it passes or the settle time is over; returns the last outcome. */
async function settledSmoke(url: string, caFile: string, settleMs: number): Promise<SmokeCheck[]> {
  const deadline = Date.now() + settleMs;
  for (;;) {
    const checks = await smokeThroughProxy(url, caFile);
    if (checks.every((c) => c.ok) || Date.now() > deadline) return checks;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

export const containerOf = (model: EnvironmentModel, service: string): string => `${model.project}-${service}`;

async function verify(p: Prepared, timeoutMs: number): Promise<UpResult> {
  const names = p.model.services.map((s) => containerOf(p.model, s.name));
  await step("wait for every container to report healthy", () => waitHealthy(names, timeoutMs));
  const url = `https://127.0.0.1:${p.cfg.httpsPort}`;
  const checks = await settledSmoke(url, p.paths.caCert, SMOKE_SETTLE_MS);
  for (const c of checks) say(`${c.ok ? "✓" : "✗"} smoke: ${c.name} (${c.detail})`);
  if (checks.some((c) => !c.ok))
    throw new Error(
      `smoke test through the proxy failed: ${checks
        .filter((c) => !c.ok)
        .map((c) => c.detail)
        .join("; ")}`,
    );
  const apiKey = readFileSync(join(p.paths.secrets, "admin_api_key"), "utf8");
  writeFileAtomic(p.paths.credentials, `${JSON.stringify({ url, apiKey, caFile: p.paths.caCert }, null, 2)}\n`, 0o600);
  return {
    url,
    caFile: p.paths.caCert,
    credentialsFile: p.paths.credentials,
    project: p.model.project,
    composeFile: p.paths.compose,
    model: p.model,
  };
}

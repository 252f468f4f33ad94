import { readFileSync } from "node:fs";
import { CommandError, run } from "../../infra/exec/run.js";
import type { ServiceSpec } from "../../infra/model/types.js";

/**
 * Jobs for the sandbox container, sent in one batch by sandboxDriver.cjs running inside an api
 * container (the sandbox network admits nothing else). The plan is plain data built here; the
 * driver only sends it.
 */
export interface SandboxRequest {
  /** Chosen by the caller; answers carry it back. */
  id: string;
  /** The job, sent as JSON. */
  body: unknown;
}

export interface SandboxPhase {
  /** Sequences in flight at once per lane (a lane is usually a language: its own worker pool). */
  concurrency: number;
  sequences: Array<{ lane: string; requests: SandboxRequest[] }>;
}

export interface SandboxPlan {
  url: string;
  tokenFile: string;
  /** Per request, ms: a hung job fails alone instead of hanging the batch. */
  requestTimeoutMs: number;
  /** The whole batch, ms: requests still open or unsent then fail at once, and the answers print. */
  batchTimeoutMs: number;
  /** Run one after another; each ends when its last request has been answered. */
  phases: SandboxPhase[];
}

export interface SandboxRun {
  /** HTTP status 0: the driver got no answer (text says why). */
  answers: Array<{ id: string; status: number; text: string }>;
  /** Status of GET /health/ready after the last phase (0: no answer). */
  ready: number;
}

const DRIVER = readFileSync(new URL("./sandboxDriver.cjs", import.meta.url), "utf8");

/** Time the driver gets past its batch deadline to print, ms. */
const EXEC_GRACE_MS = 30_000;

/** The sandbox as an api container reaches it, with the token its secret mount holds (both from the model). */
export function planFor(
  api: ServiceSpec,
  phases: SandboxPhase[],
  timeouts: Pick<SandboxPlan, "requestTimeoutMs" | "batchTimeoutMs">,
): SandboxPlan {
  const { SANDBOX_URL: url, SANDBOX_TOKEN_FILE: tokenFile } = api.env;
  if (url === undefined || tokenFile === undefined)
    throw new Error(`${api.name} has no SANDBOX_URL or SANDBOX_TOKEN_FILE: is the sandbox enabled in this stack?`);
  return { url, tokenFile, ...timeouts, phases };
}

/** Runs the plan in `container` (an api container) with one `docker exec`. */
export async function runInApi(container: string, plan: SandboxPlan): Promise<SandboxRun> {
  try {
    const out = await run(["docker", "exec", "-i", container, "node", "-e", DRIVER], {
      input: JSON.stringify(plan),
      timeoutMs: plan.batchTimeoutMs + EXEC_GRACE_MS,
    });
    return JSON.parse(out) as SandboxRun;
  } catch (error) {
    // The failed argv would repeat the whole driver: name the step and keep the command's own tail.
    const why =
      error instanceof CommandError ? `exit ${error.exitCode ?? "by signal"}: ${error.stderrTail}` : String(error);
    throw new Error(`the sandbox driver in ${container} failed (${why})`);
  }
}

import { run } from "../../infra/exec/run.js";
import type { UpResult } from "../../infra/local/up.js";
import { inspect } from "./docker.js";
import { proxyStatsOrNone, statusOf } from "./proxy.js";

/** Milliseconds from the kill until each step of a replica's recovery was first seen; null if never. */
export interface Recovery {
  /** Docker restarted the container (restart count up, running). */
  runningMs: number | null;
  /** HAProxy marked the server out of rotation (it may come back before the checks notice). */
  proxyDownMs: number | null;
  /** HAProxy reports the server UP again after having taken it out: traffic capacity is full again. */
  proxyUpMs: number | null;
  /** Docker's healthcheck reports the restarted container healthy. */
  healthyMs: number | null;
}

/**
 * Watches one api replica after its process was killed, looking at Docker and at the proxy's runtime
 * API every `everyMs`, until it is healthy and UP in HAProxy again or `timeoutMs` has passed.
 */
export async function watchRecovery(
  stack: UpResult,
  container: string,
  server: string,
  killedAt: number,
  restartsBefore: number,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<Recovery> {
  const r: Recovery = { runningMs: null, proxyDownMs: null, proxyUpMs: null, healthyMs: null };
  const since = () => Date.now() - killedAt;
  while (since() < timeoutMs && (r.proxyUpMs === null || r.healthyMs === null)) {
    const [info, stats] = await Promise.all([inspect(container).catch(() => undefined), proxyStatsOrNone(stack)]);
    const restarted = info !== undefined && info.State.Status === "running" && info.RestartCount > restartsBefore;
    const status = statusOf(stats, server);
    if (restarted) r.runningMs ??= since();
    if (status.startsWith("DOWN") || status === "MAINT") r.proxyDownMs ??= since();
    if (restarted && r.proxyDownMs !== null && status === "UP") r.proxyUpMs ??= since(); // UP before it was seen DOWN is the stale pre-kill state
    if (restarted && info?.State.Health?.Status === "healthy") r.healthyMs ??= since();
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return r;
}

export async function restartCount(container: string): Promise<number> {
  return (await inspect(container)).RestartCount;
}

/** Ms from `since` until the api logged "Server listening" (its boot time after a restart); null if it did not. */
export async function listeningAfter(container: string, since: number): Promise<number | null> {
  const logs = await run(["docker", "logs", "--since", new Date(since).toISOString(), container], {
    timeoutMs: 30_000,
  });
  const line = logs.split("\n").find((l) => l.includes('"Server listening'));
  const time = line === undefined ? undefined : (JSON.parse(line) as { time?: number }).time;
  return time === undefined ? null : time - since;
}

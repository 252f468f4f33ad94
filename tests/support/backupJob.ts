import { run } from "../../infra/exec/run.js";
import { metricsAlias } from "../../infra/model/metricsReach.js";
import { PORTS } from "../../infra/model/ports.js";

/** The backup job's own /metrics, read inside its container at its metrics-network address (all it listens on). */
export async function backupMetrics(container: string): Promise<string> {
  const script = `fetch("http://${metricsAlias("backup")}:${PORTS.backupMetrics}/metrics").then((r) => r.text()).then((t) => process.stdout.write(t))`;
  return run(["docker", "exec", container, "node", "-e", script], { timeoutMs: 30_000 });
}

/** backup_runs_total{outcome="..."} as the job reports it; throws when the series is missing. */
export function runsTotal(metrics: string, outcome: "success" | "failure"): number {
  const line = metrics
    .split("\n")
    .find((l) => l.startsWith("backup_runs_total{") && l.includes(`outcome="${outcome}"`));
  if (line === undefined)
    throw new Error(`no backup_runs_total{outcome="${outcome}"} in the job's metrics:\n${metrics.slice(0, 500)}`);
  return Number(line.trim().split(/\s+/).at(-1));
}

/** The job's log lines since an instant (ISO), stdout and stderr together. */
export const logsSince = (container: string, since: string): Promise<string> =>
  run(["docker", "logs", "--since", since, container], { timeoutMs: 30_000 }).then(
    (out) => out,
    (err: Error) => err.message,
  );

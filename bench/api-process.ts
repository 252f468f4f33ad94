import { run } from "../infra/exec/run.js";

/** The api process as seen from outside at one instant: what leaks show up in. */
export interface ProcessSample {
  /** Seconds since the bench's load started. */
  atS: number;
  /** Resident set of the node process (PID 1 of the container), MiB. */
  rssMiB: number;
  /** Open file descriptors of the node process (sockets, files, pipes). */
  fds: number;
  /** The container's memory use as `docker stats` reports it (cgroup, page cache excluded), MiB. */
  cgroupMiB: number;
}

/** Reads VmRSS and the fd count of PID 1 inside the container (node is PID 1), and its cgroup memory. */
export async function sampleProcess(container: string, atS: number): Promise<ProcessSample> {
  const inside = await run([
    "docker",
    "exec",
    container,
    "sh",
    "-c",
    "grep -E '^VmRSS:' /proc/1/status; ls /proc/1/fd | wc -l",
  ]);
  const rssKb = /VmRSS:\s+(\d+)\s+kB/.exec(inside)?.[1];
  const fds = inside.trim().split("\n").at(-1);
  if (rssKb === undefined || fds === undefined || !/^\d+$/.test(fds.trim()))
    throw new Error(`${container}: expected VmRSS and an fd count from /proc/1, got ${JSON.stringify(inside)}`);
  const stats = await run(["docker", "stats", "--no-stream", "--format", "{{.MemUsage}}", container]);
  return {
    atS: Math.round(atS),
    rssMiB: round1(Number(rssKb) / 1024),
    fds: Number(fds.trim()),
    cgroupMiB: round1(parseSize(stats.split("/")[0]!.trim())),
  };
}

/** "95.83MiB", "1.2GiB", "512KiB", "900B" → MiB. */
export function parseSize(text: string): number {
  const m = /^([\d.]+)\s*([KMG]i?B|B)$/.exec(text.trim());
  if (!m) throw new Error(`docker stats: cannot read memory size ${JSON.stringify(text)} (expected e.g. 95.83MiB)`);
  const unit = { B: 1 / 2 ** 20, KiB: 1 / 1024, KB: 1 / 1024, MiB: 1, MB: 1, GiB: 1024, GB: 1024 }[m[2]!] ?? 1;
  return Number(m[1]) * unit;
}

/** The container's restart count and its main process id: a restart or a replaced process changes either. */
export async function identity(
  container: string,
): Promise<{ restartCount: number; pid: number; oomKilled: boolean; startedAt: string }> {
  const out = (
    await run([
      "docker",
      "inspect",
      "--format",
      "{{.RestartCount}} {{.State.Pid}} {{.State.OOMKilled}} {{.State.StartedAt}}",
      container,
    ])
  )
    .trim()
    .split(" ");
  return { restartCount: Number(out[0]), pid: Number(out[1]), oomKilled: out[2] === "true", startedAt: out[3] ?? "" };
}

export const round1 = (n: number): number => Math.round(n * 10) / 10;

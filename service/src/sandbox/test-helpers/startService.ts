import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Starts the real sandbox service (src/sandbox/main.ts through tsx) as a
 * child process on free loopback ports, and waits until it is ready.
 */
export interface RunningService {
  url: string;
  metricsUrl: string;
  token: string;
  pid: number;
  /**
   * Sandbox workers whose parent is the service. Other children are not
   * counted: under tsx the service also has esbuild's transform service as a
   * child whenever its transform cache is cold (a fresh clone, as in CI).
   */
  workerPids(): number[];
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
  alive(): boolean;
  output(): string;
}

const SERVICE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const READY_TIMEOUT_MS = 120_000;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startService(extraEnv: Record<string, string>): Promise<RunningService> {
  const [port, metricsPort] = [await freePort(), await freePort()];
  const token = "test-token-0123456789abcdef";
  const env = {
    PATH: process.env.PATH ?? "",
    HOST: "127.0.0.1",
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    SANDBOX_TOKEN: token,
    LOG_LEVEL: "warn",
    ...extraEnv,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "src/sandbox/main.ts"], {
    cwd: SERVICE_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b: Buffer) => (output += b.toString()));
  child.stderr.on("data", (b: Buffer) => (output += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const pid = child.pid ?? -1;
  const service: RunningService = {
    url: `http://127.0.0.1:${port}`,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    token,
    pid,
    workerPids: () => workersOf(pid),
    alive: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
    stop: async () => (child.kill("SIGTERM"), exited),
  };
  await waitReady(service);
  return service;
}

async function waitReady(service: RunningService): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (!service.alive()) throw new Error(`sandbox service exited during start:\n${service.output()}`);
    const status = await fetch(`${service.url}/health/ready`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await service.stop();
  throw new Error(`sandbox service not ready within ${READY_TIMEOUT_MS} ms:\n${service.output()}`);
}

/** Children of `pid` started with the worker's permission flags (see workerCommand.ts). */
export function workersOf(pid: number): number[] {
  return childrenOf(pid).filter((child) => {
    try {
      return readFileSync(`/proc/${child}/cmdline`, "utf8").split("\0").includes("--experimental-permission");
    } catch {
      return false;
    }
  });
}

/** Children of `pid` from /proc (field 4 of /proc/<pid>/stat is the parent pid). */
export function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return children;
}

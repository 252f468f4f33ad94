import { run } from "../../infra/exec/run.js";
import { oneOffArgv } from "../../infra/model/oneOff.js";

/** `docker inspect` of one container, parsed. */
export async function inspect(container: string): Promise<DockerInspect> {
  const [info] = JSON.parse(await run(["docker", "inspect", container])) as DockerInspect[];
  if (info === undefined) throw new Error(`no container ${container}`);
  return info;
}

export interface DockerInspect {
  Name: string;
  /** The id (sha256:…) of the image the container was created from. */
  Image: string;
  RestartCount: number;
  Config: { User: string; Env: string[]; Image: string; Healthcheck?: { Test: string[] } };
  HostConfig: {
    ReadonlyRootfs: boolean;
    CapDrop: string[] | null;
    CapAdd: string[] | null;
    SecurityOpt: string[] | null;
    Privileged: boolean;
    PidsLimit: number | null;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    PortBindings: Record<string, { HostIp: string; HostPort: string }[] | null> | null;
    RestartPolicy: { Name: string };
  };
  /** StartedAt: RFC 3339; changes whenever the container (re)starts. */
  State: { Status: string; Pid: number; StartedAt: string; ExitCode: number; Health?: { Status: string } };
  Mounts: { Type: string; Source: string; Destination: string; RW: boolean }[];
  NetworkSettings: { Networks: Record<string, { IPAddress: string }>; Ports: Record<string, unknown> };
}

export const exec = (container: string, argv: string[]): Promise<string> => run(["docker", "exec", container, ...argv]);

/** psql's argv as the superuser (over the local socket) on the service's database: one statement, unaligned tuples only, stop at the first error. */
export const psqlArgv = (sql: string): string[] => [
  "psql",
  "-X",
  "-q",
  "-At",
  "-v",
  "ON_ERROR_STOP=1",
  "-U",
  "verifier",
  "-d",
  "verifier",
  "-c",
  sql,
];

/** One statement through psql in a stack's Postgres container. */
export const psqlIn = (container: string, sql: string): Promise<string> => exec(container, psqlArgv(sql));

/** Runs a throwaway container from `image` attached to exactly one network and returns its stdout. */
export function runOn(network: string, image: string, argv: string[], timeoutMs = 30_000): Promise<string> {
  const probe = { image, network, user: "65534:65534", limits: { memoryMiB: 256, pids: 64 } };
  return run(oneOffArgv(probe, argv), { timeoutMs });
}

/** Polls until check() is true or the deadline passes; returns the last value for the assertion. */
export async function eventually<T>(
  probe: () => Promise<T>,
  ok: (v: T) => boolean,
  timeoutMs: number,
  everyMs = 500,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!ok(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, everyMs));
    last = await probe();
  }
  return last;
}

import type { ServiceRole, StackConfig } from "../config/schema.js";
import { DEFAULT_LIMITS } from "../config/schema.js";
import type { Healthcheck, Limits, ServiceSpec, Tmpfs } from "./types.js";
import { SERVICE_UIDS, userOf } from "./users.js";

/** Seconds a container gets between SIGTERM and SIGKILL; the api drains within 40 s of it. */
export const STOP_GRACE_SECONDS = 45;

/** The hardened defaults every container carries; a service only adds what it needs. */
export function hardened(role: ServiceRole, cfg: StackConfig) {
  return {
    role,
    image: role,
    user: userOf(role),
    readOnlyRootFs: true as const,
    capDrop: ["ALL"] as ["ALL"],
    capAdd: [] as string[],
    noNewPrivileges: true as const,
    limits: limitsFor(role, cfg),
    restart: "unless-stopped" as const,
    stopSignal: "SIGTERM" as "SIGTERM" | "SIGINT",
    stopGracePeriodSeconds: STOP_GRACE_SECONDS,
    tmpfs: [tmpDir(64)],
    aliases: [] as string[],
    metricsAliases: [] as string[],
    ports: [],
    mounts: [],
    configFiles: [],
    secrets: [],
    dependsOn: [] as string[],
  } satisfies Partial<ServiceSpec>;
}

/** A sticky world-writable /tmp, as on any Unix host. */
export const tmpDir = (sizeMiB: number): Tmpfs => ({ target: "/tmp", sizeMiB, mode: 0o1777, uid: 0 });

/** A run directory only the service user can write (sockets, pid and lock files). */
export const runDir = (role: ServiceRole, target: string, sizeMiB: number): Tmpfs => ({
  target,
  sizeMiB,
  mode: 0o700,
  uid: SERVICE_UIDS[role],
});

export function limitsFor(role: ServiceRole, cfg: StackConfig): Limits {
  return { ...DEFAULT_LIMITS[role], ...cfg.limits[role] };
}

/**
 * Memory plus swap equals memory: no swap. A container at its limit is OOM-killed and restarted rather
 * than slowed for everyone by swapping; and stated explicitly, the engine reports back exactly what was
 * asked (left unset, Docker stores twice the memory and every `pulumi up` would see a change).
 */
export const memoryWithSwapMiB = (limits: Limits): number => limits.memoryMiB;

export function healthcheck(test: string[], startPeriodSeconds = 10): Healthcheck {
  return { test, intervalSeconds: 5, timeoutSeconds: 4, retries: 6, startPeriodSeconds };
}

/**
 * Probe an HTTP path with bash's /dev/tcp: images without curl still get a real check. `host` is
 * 127.0.0.1 unless the listener binds one network's address only (a metrics listener on Docker).
 */
export const httpProbe = (port: number, path: string, host = "127.0.0.1"): string[] => [
  "CMD",
  "/usr/local/bin/http-probe",
  host,
  String(port),
  path,
];

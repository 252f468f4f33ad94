/**
 * One-off containers the runbooks and tests start beside a stack (a smoke client, the backup job's CLI
 * on a copy of the backups, a point-in-time recovery server, a probe on one network): their `docker run`
 * argv, with the hardening every service container has (hardening.ts) spelled here once. Nothing else
 * writes a `docker run` line by hand.
 */
export interface OneOffMount {
  /** An absolute host path (bind) or a volume name. */
  source: string;
  target: string;
  readOnly: boolean;
}

export interface OneOffContainer {
  image: string;
  /** "none", or the one network it joins. */
  network: string;
  /** Numeric uid:gid, never root. */
  user: string;
  /** Supplementary numeric gids (the shared backups group). */
  groups?: number[];
  limits: { memoryMiB: number; pids: number };
  /** Writable in-memory mounts, as `docker run --tmpfs` takes them (`/tmp:size=64m`). */
  tmpfs?: string[];
  mounts?: OneOffMount[];
  env?: Record<string, string>;
  labels?: Record<string, string>;
  entrypoint?: string;
  /** A server the runbook stops itself: detached under this name instead of removed when it exits. */
  detachedAs?: string;
  /** Keeps stdin open (`-i`): what the runbook writes there (a password) is the container's to read. */
  stdin?: boolean;
}

const NUMERIC_NON_ROOT = /^[1-9]\d*:[1-9]\d*$/;

/** `docker run` argv of a one-off container: read-only root, no capabilities, no new privileges, limits. */
export function oneOffArgv(c: OneOffContainer, command: string[]): string[] {
  if (!NUMERIC_NON_ROOT.test(c.user))
    throw new Error(`oneOffArgv: user ${JSON.stringify(c.user)} of ${c.image}; allowed: a numeric non-root uid:gid`);
  return [
    "docker",
    "run",
    ...(c.detachedAs ? ["-d", "--name", c.detachedAs] : ["--rm"]),
    ...(c.stdin ? ["-i"] : []),
    "--network",
    c.network,
    "--user",
    c.user,
    ...(c.groups ?? []).flatMap((gid) => ["--group-add", String(gid)]),
    "--read-only",
    ...(c.tmpfs ?? []).flatMap((t) => ["--tmpfs", t]),
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--pids-limit",
    String(c.limits.pids),
    "--memory",
    `${c.limits.memoryMiB}m`,
    ...Object.entries(c.labels ?? {}).flatMap(([k, v]) => ["--label", `${k}=${v}`]),
    ...(c.mounts ?? []).flatMap((m) => ["--mount", mountOption(m)]),
    ...Object.entries(c.env ?? {}).flatMap(([k, v]) => ["--env", `${k}=${v}`]),
    ...(c.entrypoint ? ["--entrypoint", c.entrypoint] : []),
    c.image,
    ...command,
  ];
}

const mountOption = (m: OneOffMount): string =>
  `type=${m.source.startsWith("/") ? "bind" : "volume"},source=${m.source},target=${m.target}${m.readOnly ? ",readonly" : ""}`;

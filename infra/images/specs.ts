import type { ServiceRole } from "../config/schema.js";
import { BACKUP_GID } from "../model/services/postgres.js";
import { SERVICE_UIDS } from "../model/users.js";

/** Debian suite every image is built from (nodejs 20, postgresql 17, redis 8, haproxy 3.0, prometheus 2.53). */
export const SUITE = "trixie";

/** A runtime: a Debian rootfs with packages, imported once and shared by the images built on it. */
export interface RuntimeSpec {
  name: string;
  packages: string[];
  /** Users created before packages install, so package scripts reuse the fixed uids. */
  users: { name: string; uid: number; home: string }[];
  /** Files from infra/images/files installed to /usr/local/bin (healthcheck probes every image needs). */
  scripts: string[];
}

/** A final image: a runtime plus our files, a fixed non-root user, entrypoint and command. */
export interface ImageSpec {
  role: ServiceRole;
  runtime: string;
  /** Files from infra/images/files copied to /usr/local/bin. */
  scripts: string[];
  /** Ship the compiled service (dist, migrations, production node_modules) at /app. */
  app: boolean;
  /** Directories created in the image and owned by the service user (a new volume mounted there copies them). */
  ownedDirs: OwnedDir[];
  entrypoint: string[];
  cmd: string[];
}

/** A directory the image creates, owned by its service user. */
export interface OwnedDir {
  path: string;
  /** Owning group; default the service's own gid. */
  gid?: number;
  /** Permission bits, octal (setgid included); default 0o750. */
  mode?: number;
}

/**
 * The backup volume's mount point, identical in every image that mounts it: setgid to the shared
 * backups group, so WAL from postgres and dumps from the job inherit the group whoever writes first.
 */
const BACKUP_DIR: OwnedDir = { path: "/backups", gid: BACKUP_GID, mode: 0o2770 };
const own = (path: string): OwnedDir => ({ path });

const user = (name: string, role: ServiceRole, home: string) => ({ name, uid: SERVICE_UIDS[role], home });

export const RUNTIMES: RuntimeSpec[] = [
  // http-probe (bash /dev/tcp) is the healthcheck of the node services: starting a second node process
  // every few seconds costs more than the check itself, and times out on a loaded host.
  {
    name: "node",
    packages: ["nodejs"],
    users: [user("app", "api", "/app"), user("sandbox", "sandbox", "/app")],
    scripts: ["http-probe"],
  },
  {
    name: "backup",
    packages: ["nodejs", "postgresql-client-17"],
    users: [user("backupjob", "backup", "/backups")],
    scripts: ["http-probe"],
  },
  {
    name: "postgres",
    packages: ["postgresql-17"],
    users: [user("postgres", "postgres", "/var/lib/postgresql")],
    scripts: [],
  },
  {
    name: "redis",
    packages: ["redis-server", "redis-tools"],
    users: [user("redis", "redis", "/var/lib/redis")],
    scripts: [],
  },
  // haproxy's and prometheus's postinst insist on creating their own system users (adduser --system
  // refuses a pre-made uid outside the system range); the containers run as the numeric uid regardless,
  // and neither program needs a passwd entry.
  { name: "proxy", packages: ["haproxy"], users: [], scripts: [] },
  { name: "prometheus", packages: ["prometheus"], users: [], scripts: [] },
];

export const IMAGES: ImageSpec[] = [
  {
    role: "api",
    runtime: "node",
    scripts: [],
    app: true,
    ownedDirs: [],
    entrypoint: [],
    cmd: ["node", "/app/dist/src/main.js"],
  },
  {
    role: "sandbox",
    runtime: "node",
    scripts: [],
    app: true,
    ownedDirs: [],
    entrypoint: [],
    cmd: ["node", "/app/dist/src/sandbox/main.js"],
  },
  {
    role: "backup",
    runtime: "backup",
    scripts: [],
    app: true,
    ownedDirs: [BACKUP_DIR],
    entrypoint: [],
    cmd: ["node", "/app/dist/src/backup/main.js", "schedule"],
  },
  {
    role: "postgres",
    runtime: "postgres",
    scripts: ["postgres-entrypoint", "postgres-roles", "postgres-health", "archive-wal", "restore-base"],
    app: false,
    ownedDirs: [own("/var/lib/postgresql/data"), BACKUP_DIR],
    entrypoint: ["/usr/local/bin/postgres-entrypoint"],
    cmd: ["postgres"],
  },
  {
    role: "redis",
    runtime: "redis",
    scripts: ["redis-entrypoint", "redis-health"],
    app: false,
    ownedDirs: [],
    entrypoint: [],
    cmd: ["/usr/local/bin/redis-entrypoint"],
  },
  {
    role: "proxy",
    runtime: "proxy",
    scripts: ["http-probe", "haproxy-cmd"],
    app: false,
    ownedDirs: [],
    entrypoint: [],
    cmd: ["haproxy", "-W", "-db", "-f", "/etc/haproxy/haproxy.cfg"],
  },
  {
    role: "prometheus",
    runtime: "prometheus",
    scripts: ["http-probe"],
    app: false,
    ownedDirs: [own("/prometheus")],
    entrypoint: [],
    cmd: ["prometheus", "--config.file=/etc/prometheus/prometheus.yml"],
  },
];

export const runtimeOf = (spec: ImageSpec): RuntimeSpec => {
  const runtime = RUNTIMES.find((r) => r.name === spec.runtime);
  if (runtime === undefined) throw new Error(`image ${spec.role}: unknown runtime "${spec.runtime}"`);
  return runtime;
};

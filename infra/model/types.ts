import type { Colour, ServiceRole, StackConfig, Tier } from "../config/schema.js";

/** The environment model: plain data every renderer (Compose, Pulumi Docker, Kubernetes) draws from. */
export interface EnvironmentModel {
  stack: string;
  tier: Tier;
  /** Prefix of every resource name; also the Compose project name. */
  project: string;
  activeColour: Colour;
  networks: NetworkSpec[];
  volumes: VolumeSpec[];
  services: ServiceSpec[];
  schedules: ScheduleSpec[];
  /** Secret names the environment needs; their values never enter the model. */
  secrets: SecretSpec[];
  config: StackConfig;
}

export type NetworkName = "edge" | "backend" | "metrics" | "sandbox";

export interface NetworkSpec {
  name: NetworkName;
  /** Internal networks have no route out of the host. */
  internal: boolean;
  purpose: string;
}

export interface VolumeSpec {
  name: string;
  purpose: string;
  /** Data volumes survive `npm stop`; only `--purge` removes them. */
  keep: boolean;
  /** An absolute host path instead of a named volume (backup location may be one). */
  hostPath?: string;
}

export interface SecretSpec {
  name: SecretName;
  /** Generated length in characters for local/drills secrets. */
  length: number;
}

export type SecretName =
  | "db_password"
  | "db_owner_password"
  | "db_app_password"
  | "db_backup_password"
  | "redis_password"
  | "admin_api_key"
  | "sandbox_token"
  | "tls_pem";

export interface Mount {
  volume: string;
  target: string;
  readOnly: boolean;
}

export interface ConfigFile {
  /** Logical name, unique in the model (e.g. "haproxy.cfg"). */
  name: string;
  target: string;
  content: string;
}

export interface Healthcheck {
  test: string[];
  intervalSeconds: number;
  timeoutSeconds: number;
  retries: number;
  startPeriodSeconds: number;
}

export interface Limits {
  memoryMiB: number;
  cpus: number;
  pids: number;
}

export interface PortSpec {
  name: string;
  container: number;
  /** Only the proxy publishes: its HTTPS listener on the configured address, preview listeners on 127.0.0.1. */
  published?: { address: string; port: number };
}

export interface ServiceSpec {
  name: string;
  role: ServiceRole;
  colour?: Colour;
  /** Logical image name; the image plan resolves it to a tag or digest. */
  image: ServiceRole;
  command?: string[];
  /** Numeric uid:gid, never root. */
  user: string;
  /** Supplementary numeric gids (the shared backups group); absent means none. */
  groups?: number[];
  networks: NetworkName[];
  /** Extra DNS names on every network. */
  aliases: string[];
  /** Extra DNS names on the metrics network only; the first is the one its metrics listener binds (model/metricsReach.ts). */
  metricsAliases: string[];
  env: Record<string, string>;
  /** Secrets mounted read-only at /run/secrets/<name>. */
  secrets: SecretName[];
  ports: PortSpec[];
  mounts: Mount[];
  configFiles: ConfigFile[];
  /** Small writable in-memory mounts; `uid` owns the mount (the service user, or 0 for a sticky /tmp). */
  tmpfs: Tmpfs[];
  readOnlyRootFs: true;
  capDrop: ["ALL"];
  capAdd: string[];
  noNewPrivileges: true;
  limits: Limits;
  healthcheck: Healthcheck;
  restart: "unless-stopped";
  /**
   * What a stop sends first; the grace period later, SIGKILL. SIGINT for Postgres: its fast shutdown
   * (sessions ended, a clean checkpoint). SIGTERM is its smart shutdown, which waits for every client
   * to leave: 30 s for a stop with the api's pool idle, the whole grace and a SIGKILL with it busy.
   */
  stopSignal: "SIGTERM" | "SIGINT";
  stopGracePeriodSeconds: number;
  dependsOn: string[];
}

export interface Tmpfs {
  target: string;
  sizeMiB: number;
  /** Octal permission bits, e.g. 0o1777 for /tmp, 0o700 for a service's own run directory. */
  mode: number;
  uid: number;
}

export interface ScheduleSpec {
  name: string;
  service: string;
  /** Cron expression, UTC. */
  cron: string;
  retain: number;
}

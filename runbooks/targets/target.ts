import type { DirectSmoke } from "../plan/capabilities.js";
import type { Verdict } from "../plan/judge.js";
import type { Colour, ContainerObservation, DeclaredState, Observed } from "../plan/types.js";

/** What the traffic switch did, for the result and the figures. */
export interface SwitchReport {
  from: Colour;
  to: Colour;
  /** When the new colour took all new requests (ISO time). */
  switchedAt: string;
  /** ms until the new colour's servers were proven healthy by the proxy at weight 0. */
  joinMs: number;
  /** ms until the old colour's in-flight requests finished. */
  drainMs: number;
  /** Requests still in flight on the old colour when the drain budget ran out (0 when drained). */
  undrained: number;
}

export interface MigrationReport {
  /** False when the colour's boot log did not say what it applied. */
  reported: boolean;
  applied: string[];
  schemaVersion?: number;
}

/** Where runbooks keep their lock and their release log for a stack instance. */
export interface TargetFiles {
  lock: string;
  releaseLog: string;
}

/**
 * Where the backup runbooks act on a stack that runs on a Docker engine, as plain data its target
 * supplies: Compose from the model's names, a Pulumi stack from its `containers` and `backupLocation`
 * outputs. Every backup, restore and point-in-time argv is built from this alone, so both targets
 * share one execution; only how the names are found differs.
 */
export interface BackupSite {
  /** The stack's Docker project (`verifier-<instance>`): names its throwaways (`<project>-pitr-<time>`) and its backend network. */
  project: string;
  /** The container the backup job's CLI runs in (`docker exec … node main.js <args>`). */
  backup: string;
  /** The live Postgres server's container. */
  postgres: string;
  /** Each colour's api containers, in replica order (a restore restarts them one at a time). */
  api: Record<Colour, string[]>;
  /** Where the backups are: a Docker volume name, or a host path. */
  backups: string;
}

/**
 * Where the backup job's CLI (`node main.js <args>`) runs for a stack, on whichever target: in its backup
 * container (Docker), or in a Job made from its backup CronJob's template (Kubernetes).
 */
export interface BackupJob {
  /** The stack's project, for messages. */
  project: string;
  /** What running `args` means there, for messages and --dry-run. */
  describe(args: string[]): string;
  /** Runs `node main.js <args>` there; its standard output (the job's JSON answer is its last line). */
  ask(args: string[], timeoutMs: number): Promise<string>;
}

/**
 * One interface over every way a stack runs: Compose on this host (local) or Pulumi stacks (staging,
 * prod, drills). Executors only ever talk to this; each method does one observable thing and throws a
 * coded error when it fails.
 */
export interface Target {
  readonly kind: "compose" | "pulumi";
  readonly stack: string;
  readonly instance: string;
  readonly tier: string;
  readonly files: TargetFiles;
  /** Whether `smoke` can reach one colour directly; plans that need it are refused up front when not. */
  readonly directSmoke: DirectSmoke;
  /** The stack as it is: declared state, what the proxy serves, each colour's image and health, the log. */
  observe(): Promise<Observed>;
  /** Renders `render` and (re)creates the colour's api containers on its image there (unset: the default api image). */
  start(colour: Colour, render: DeclaredState): Promise<void>;
  awaitHealthy(colour: Colour): Promise<void>;
  migrations(colour: Colour): Promise<MigrationReport>;
  /** Readiness and one real request against the colour directly (not through the proxy). */
  smoke(colour: Colour, image: string): Promise<Verdict>;
  switchTraffic(from: Colour, to: Colour): Promise<SwitchReport>;
  /** A burst of `requests` through the proxy; every answer must come from `colour` (and `image`). */
  verify(colour: Colour, image: string | undefined, requests: number): Promise<Verdict>;
  /** Makes `state` the declared state, so later `up`s keep it. */
  declare(state: DeclaredState): Promise<void>;
  /** Every container (or workload) of the stack with its state and health. */
  health(): Promise<ContainerObservation[]>;
  /** Where the backup job and the containers a restore touches are (runbooks/backup executes there): Docker stacks. */
  backupSite(): Promise<BackupSite>;
  /** Where the backup job's CLI runs (backup, backups, status, restore), on every target. */
  backupJob(): Promise<BackupJob>;
  /**
   * Restarts the colour's running api workloads, never all at once, each serving again before the next
   * goes (Docker: containers one by one; Kubernetes: a rolling restart of its Deployment), so every
   * connection pool reconnects: after a restore switched the database in by rename. Returns what it restarted.
   */
  restartColour(colour: Colour): Promise<string[]>;
  /** Releases what reaching the stack holds open (Kubernetes: its `kubectl proxy`); the CLI calls it last. */
  close?(): Promise<void>;
  /** Where clients reach the stack (the proxy's HTTPS URL). */
  url(): string;
}

/**
 * The throwaway environment a drill restores into, whatever brings it up: a Compose instance on this
 * host (the source is a Compose instance) or a Pulumi stack of Pulumi.drills.yaml in the source's
 * workspace (the source is a Pulumi stack). The restore itself (attempts.ts) acts on it through the
 * Docker engine by the names below, the same for both renderings.
 */
export interface DrillEnv {
  /** The Docker project: containers `<project>-<service>`, networks `<project>-<name>`, volumes `<project>-<volume>`. */
  project: string;
  /** Where the drill's proxy answers, and the CA that signed its certificate. */
  url: string;
  caFile: string;
  /** Starts postgres on whatever its data volume holds (already running: left alone). */
  startPostgres(): Promise<void>;
  /** Postgres stopped and its data volume empty, for a base backup to be staged into. */
  emptyData(): Promise<void>;
  /** Starts (or, after a failed attempt, restarts) the api containers, so no pool keeps a connection to a failed attempt's data. */
  startApp(): Promise<void>;
}

/** How a drill's environment is made and removed; teardown works whatever provisioning got to. */
export interface DrillSite {
  /** The source's images on a free port with the drill's overrides; what must run before the restore runs. */
  provision(cores: number): Promise<DrillEnv>;
  teardown(): Promise<void>;
  /** What `--keep` leaves and how to remove it. */
  keptNote: string;
}

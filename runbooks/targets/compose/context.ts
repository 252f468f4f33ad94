import { loadStackConfig } from "../../../infra/config/load.js";
import type { StackConfig } from "../../../infra/config/schema.js";
import { containerOf } from "../../../infra/local/up.js";
import { localPaths, type LocalPaths } from "../../../infra/local/paths.js";
import type { InstanceOptions } from "../../../infra/local/prepare.js";
import { buildModel } from "../../../infra/model/build.js";
import type { EnvironmentModel } from "../../../infra/model/types.js";
import type { Colour } from "../../plan/types.js";
import type { BackupSite } from "../target.js";

/** Timings of the Compose target, one table. */
export const COMPOSE_DEFAULTS = {
  /** How long a (re)started colour may take to report healthy, ms. */
  healthTimeoutMs: 180_000,
  /** How long the proxy's health checks may take to mark a joining colour UP, ms. */
  joinTimeoutMs: 60_000,
  /** How long in-flight requests on the old colour may take to finish, ms (HAProxy's server timeout). */
  drainTimeoutMs: 60_000,
  /** Interval between two looks at the proxy's runtime state, ms. */
  pollMs: 200,
  /** Requests in flight at once during a verification burst. */
  verifyConcurrency: 10,
  /** Time limit of one request (smoke or verification), ms. */
  requestTimeoutMs: 10_000,
} as const;

/** What every Compose-target operation needs to know about one local instance. */
export interface ComposeContext {
  opts: InstanceOptions;
  cfg: StackConfig;
  paths: LocalPaths;
  project: string;
  /** The model without images resolved: names and replicas only (no image is built to observe). */
  model: EnvironmentModel;
}

export function composeContext(opts: InstanceOptions): ComposeContext {
  const instance = opts.instance ?? opts.stack;
  const cfg = loadStackConfig(opts.stack, opts.repoRoot, opts.overrides);
  const unresolved = Object.fromEntries(
    ["proxy", "api", "postgres", "redis", "prometheus", "backup", "sandbox"].map((r) => [r, `${r}:unresolved`]),
  );
  const model = buildModel(opts.stack, cfg, unresolved as Parameters<typeof buildModel>[2], instance);
  return { opts, cfg, paths: localPaths(opts.repoRoot, instance), project: model.project, model };
}

export const apiServices = (c: ComposeContext, colour: Colour): string[] =>
  Array.from({ length: c.cfg.apiReplicas }, (_, i) => `api-${colour}-${i + 1}`);

export const apiContainers = (c: ComposeContext, colour: Colour): string[] =>
  apiServices(c, colour).map((s) => containerOf(c.model, s));

export const proxyContainer = (c: ComposeContext): string => containerOf(c.model, "proxy");
export const backupContainer = (c: ComposeContext): string => containerOf(c.model, "backup");
/** The model's names; a backup location that is not a host path is the stack's backups volume. */
export const composeSite = (c: ComposeContext): BackupSite => ({
  project: c.project,
  backup: backupContainer(c),
  postgres: containerOf(c.model, "postgres"),
  api: { blue: apiContainers(c, "blue"), green: apiContainers(c, "green") },
  backups: c.cfg.backup.location.startsWith("/") ? c.cfg.backup.location : `${c.project}-backups`,
});
export const edgeNetwork = (c: ComposeContext): string => `${c.project}-edge`;

/** The proxy's URL from this host (a wildcard publish address is reached on loopback). */
export const proxyUrl = (c: ComposeContext): string =>
  `https://${c.cfg.publishAddress === "0.0.0.0" ? "127.0.0.1" : c.cfg.publishAddress}:${c.cfg.httpsPort}`;

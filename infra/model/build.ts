import type { Colour, StackConfig } from "../config/schema.js";
import type { EnvironmentModel, NetworkSpec, ScheduleSpec, SecretSpec, ServiceSpec, VolumeSpec } from "./types.js";
import { apiService } from "./services/api.js";
import { backupService } from "./services/backup.js";
import { postgresService } from "./services/postgres.js";
import { prometheusService } from "./services/prometheus.js";
import { proxyService } from "./services/proxy.js";
import { redisService } from "./services/redis.js";
import { sandboxService } from "./services/sandbox.js";
import { ROLE_SECRETS } from "./database.js";

/** Image references resolved for this run: built offline (content-addressed tags) or from config. */
export type ResolvedImages = Record<ServiceSpec["image"], string>;

/** The Docker project of an instance: every container, network and volume name starts with it. */
export const projectOf = (instance: string): string => `verifier-${instance}`;

/**
 * config → model: a pure function; every renderer draws from its result. `instance` names a second
 * copy of a stack on the same host (tests run one beside the developer's); default the stack name.
 */
export function buildModel(
  stack: string,
  cfg: StackConfig,
  images: ResolvedImages,
  instance = stack,
): EnvironmentModel {
  return {
    stack,
    tier: cfg.tier,
    project: projectOf(instance),
    activeColour: cfg.activeColour,
    networks: networks(cfg),
    volumes: volumes(cfg),
    services: services(stack, cfg, images),
    schedules: schedules(cfg),
    secrets: secrets(cfg),
    config: cfg,
  };
}

/** The api image a colour runs: its declared release, else images.api. */
export function apiImageFor(cfg: StackConfig, colour: Colour, images: ResolvedImages): string {
  return cfg.releases[colour] ?? images.api;
}

function services(stack: string, cfg: StackConfig, images: ResolvedImages): ServiceSpec[] {
  const api = (["blue", "green"] as const).flatMap((colour) =>
    Array.from({ length: cfg.apiReplicas }, (_, i) => apiService(cfg, colour, i + 1, apiImageFor(cfg, colour, images))),
  );
  return [
    proxyService(cfg),
    ...api,
    postgresService(cfg),
    redisService(cfg),
    prometheusService(cfg),
    backupService(stack, cfg),
    ...(cfg.sandbox.enabled ? [sandboxService(cfg)] : []),
  ];
}

function networks(cfg: StackConfig): NetworkSpec[] {
  const list: NetworkSpec[] = [
    { name: "edge", internal: false, purpose: "proxy <-> api colours; the only published port lives here" },
    { name: "backend", internal: true, purpose: "api <-> postgres, redis; backup job" },
    { name: "metrics", internal: true, purpose: "prometheus <-> metrics ports" },
  ];
  if (cfg.sandbox.enabled) list.push({ name: "sandbox", internal: true, purpose: "api <-> sandbox only" });
  return list;
}

function volumes(cfg: StackConfig): VolumeSpec[] {
  const location = cfg.backup.location;
  const backups: VolumeSpec = location.startsWith("/")
    ? { name: "backups", purpose: "dumps, manifests and WAL archive", keep: true, hostPath: location }
    : { name: "backups", purpose: "dumps, manifests and WAL archive", keep: true };
  return [
    { name: "pgdata", purpose: "Postgres data directory", keep: true },
    { name: "prometheus-data", purpose: "Prometheus TSDB", keep: true },
    backups,
  ];
}

function schedules(cfg: StackConfig): ScheduleSpec[] {
  return [{ name: "backup", service: "backup", cron: cfg.backup.schedule, retain: cfg.backup.retain }];
}

function secrets(cfg: StackConfig): SecretSpec[] {
  const list: SecretSpec[] = [
    { name: "db_password", length: 32 },
    ...ROLE_SECRETS.map((name) => ({ name, length: 32 })),
    { name: "redis_password", length: 32 },
    { name: "admin_api_key", length: 40 },
    { name: "tls_pem", length: 0 },
  ];
  if (cfg.sandbox.enabled) list.push({ name: "sandbox_token", length: 32 });
  return list;
}

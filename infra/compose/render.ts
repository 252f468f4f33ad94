import { posix } from "node:path";
import type { ResolvedImages } from "../model/build.js";
import { memoryWithSwapMiB } from "../model/hardening.js";
import { bridgeOptions } from "../model/hostGuard.js";
import { aliasesOn } from "../model/metricsReach.js";
import type { EnvironmentModel, Healthcheck, ServiceSpec } from "../model/types.js";

/** Where the local runner keeps files a container mounts: per-role secrets, rendered config files. */
export interface ComposePaths {
  secretsDir: (svc: ServiceSpec) => string;
  /** Host directory mounted read-only at a config target directory. */
  configDir: (svc: ServiceSpec, targetFile: string) => string;
  /** Absolute host path of a bind-mounted volume, when the model asks for one. */
  hostVolume: (volume: string) => string | undefined;
}

export type ComposeService = Record<string, unknown>;
export interface ComposeFile {
  version: string;
  services: Record<string, ComposeService>;
  networks: Record<
    string,
    { name: string; internal: boolean; labels: Record<string, string>; driver_opts?: Record<string, string> }
  >;
  volumes: Record<string, { name: string; labels: Record<string, string> }>;
}

/**
 * model → Compose file (format 2.4: understood by docker-compose v1 and `docker compose` v2 alike).
 * `volumeLabels`: what the local runner records on the volumes it creates (which checkout made them).
 */
export function renderCompose(
  model: EnvironmentModel,
  images: ResolvedImages,
  paths: ComposePaths,
  volumeLabels: Record<string, string> = {},
): ComposeFile {
  const labels = { "verifier.stack": model.stack, "verifier.project": model.project };
  return {
    version: "2.4",
    services: Object.fromEntries(model.services.map((s) => [s.name, service(model, s, images, paths)])),
    networks: Object.fromEntries(
      model.networks.map((n) => {
        const driverOpts = bridgeOptions(model.project, n);
        const named = Object.keys(driverOpts).length > 0 ? { driver_opts: driverOpts } : {};
        return [n.name, { name: `${model.project}-${n.name}`, internal: n.internal, labels, ...named }];
      }),
    ),
    volumes: Object.fromEntries(
      model.volumes
        .filter((v) => v.hostPath === undefined)
        .map((v) => [v.name, { name: `${model.project}-${v.name}`, labels: { ...labels, ...volumeLabels } }]),
    ),
  };
}

function service(model: EnvironmentModel, s: ServiceSpec, images: ResolvedImages, paths: ComposePaths): ComposeService {
  const out: ComposeService = {
    image: s.role === "api" ? s.env.APP_VERSION : images[s.image],
    container_name: `${model.project}-${s.name}`,
    ...(s.command ? { command: s.command } : {}),
    user: s.user,
    ...(s.groups?.length ? { group_add: s.groups.map(String) } : {}),
    read_only: s.readOnlyRootFs,
    cap_drop: s.capDrop,
    ...(s.capAdd.length > 0 ? { cap_add: s.capAdd } : {}),
    security_opt: ["no-new-privileges:true"],
    mem_limit: `${s.limits.memoryMiB}m`,
    memswap_limit: `${memoryWithSwapMiB(s.limits)}m`,
    cpus: s.limits.cpus,
    pids_limit: s.limits.pids,
    tmpfs: s.tmpfs.map((t) => `${t.target}:size=${t.sizeMiB}m,mode=${t.mode.toString(8)},uid=${t.uid},gid=${t.uid}`),
    environment: s.env,
    volumes: volumes(s, paths),
    networks: Object.fromEntries(
      s.networks.map((n) => {
        // Compose gives every container its service's name on each network itself.
        const aliases = aliasesOn(s, n).filter((alias) => alias !== s.name);
        return [n, aliases.length > 0 ? { aliases } : {}];
      }),
    ),
    healthcheck: healthcheck(s.healthcheck),
    restart: s.restart,
    stop_signal: s.stopSignal,
    stop_grace_period: `${s.stopGracePeriodSeconds}s`,
    labels: {
      "verifier.stack": model.stack,
      "verifier.role": s.role,
      ...(s.colour ? { "verifier.colour": s.colour } : {}),
    },
  };
  const published = s.ports.filter((p) => p.published);
  if (published.length > 0)
    out.ports = published.map((p) => `${p.published!.address}:${p.published!.port}:${p.container}`);
  if (s.dependsOn.length > 0)
    out.depends_on = Object.fromEntries(s.dependsOn.map((d) => [d, { condition: "service_healthy" }]));
  return out;
}

function volumes(s: ServiceSpec, paths: ComposePaths): string[] {
  return [
    ...s.mounts.map((m) => `${paths.hostVolume(m.volume) ?? m.volume}:${m.target}${m.readOnly ? ":ro" : ""}`),
    ...(s.secrets.length > 0 ? [`${paths.secretsDir(s)}:/run/secrets:ro`] : []),
    ...[...new Set(s.configFiles.map((f) => posix.dirname(f.target)))].map((dir) => {
      const file = s.configFiles.find((f) => posix.dirname(f.target) === dir)!;
      return `${paths.configDir(s, file.target)}:${dir}:ro`;
    }),
  ];
}

function healthcheck(h: Healthcheck): Record<string, unknown> {
  return {
    test: h.test,
    interval: `${h.intervalSeconds}s`,
    timeout: `${h.timeoutSeconds}s`,
    retries: h.retries,
    start_period: `${h.startPeriodSeconds}s`,
  };
}

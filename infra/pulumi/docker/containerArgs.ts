import type * as docker from "@pulumi/docker";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentModel, Healthcheck, NetworkName, ServiceSpec, Tmpfs } from "../../model/types.js";
import { memoryWithSwapMiB } from "../../model/hardening.js";
import { aliasesOn } from "../../model/metricsReach.js";
import { containerLabels } from "./labels.js";

/** Where a model volume lives on the Docker host: a named volume, or a host path (backup location). */
export interface VolumeRef {
  type: "volume" | "bind";
  source: pulumi.Input<string>;
}

/** Everything a service container refers to that is not in its ServiceSpec. */
export interface ContainerRefs {
  model: EnvironmentModel;
  image: pulumi.Input<string>;
  networks: Record<NetworkName, pulumi.Input<string>>;
  volumes: Record<string, VolumeRef>;
  /** Carrier volumes, mounted read-only at their directory. */
  files: { dir: string; volume: pulumi.Input<string> }[];
  extraLabels?: docker.types.input.ContainerLabel[];
}

export const containerName = (model: EnvironmentModel, spec: ServiceSpec): string => `${model.project}-${spec.name}`;

/** The docker.Container inputs of a service: every hardening field of the spec, nothing decided here. */
export function containerArgs(spec: ServiceSpec, refs: ContainerRefs): docker.ContainerArgs {
  return {
    name: containerName(refs.model, spec),
    image: refs.image,
    user: spec.user,
    ...(spec.groups?.length ? { groupAdds: spec.groups.map(String) } : {}),
    ...(spec.command ? { command: spec.command } : {}),
    envs: Object.entries(spec.env).map(([key, value]) => `${key}=${value}`),
    readOnly: spec.readOnlyRootFs,
    privileged: false,
    capabilities: spec.capAdd.length > 0 ? { drops: spec.capDrop, adds: spec.capAdd } : { drops: spec.capDrop },
    securityOpts: spec.noNewPrivileges ? ["no-new-privileges:true"] : [],
    memory: spec.limits.memoryMiB,
    memorySwap: memoryWithSwapMiB(spec.limits),
    cpus: dockerCpus(spec.limits.cpus),
    tmpfs: Object.fromEntries(spec.tmpfs.map((t) => [t.target, tmpfsOptions(t)])),
    healthcheck: healthcheckArgs(spec.healthcheck),
    wait: true,
    waitTimeout: healthyWithinSeconds(spec.healthcheck),
    restart: spec.restart,
    stopSignal: spec.stopSignal,
    stopTimeout: spec.stopGracePeriodSeconds,
    destroyGraceSeconds: spec.stopGracePeriodSeconds,
    networksAdvanced: spec.networks.map((n) => ({ name: refs.networks[n], aliases: aliasesOn(spec, n) })),
    ports: spec.ports.flatMap((p) =>
      p.published
        ? [{ internal: p.container, external: p.published.port, ip: p.published.address, protocol: "tcp" }]
        : [],
    ),
    mounts: [
      ...spec.mounts.map((m) => ({
        type: volumeRef(refs, m.volume).type,
        source: volumeRef(refs, m.volume).source,
        target: m.target,
        readOnly: m.readOnly,
      })),
      ...refs.files.map((f) => ({ type: "volume", source: f.volume, target: f.dir, readOnly: true })),
    ],
    labels: [...containerLabels(refs.model, spec), ...(refs.extraLabels ?? [])],
  };
}

/** tmpfs mount options: size in MiB, octal mode, owner (group = the same id, as every service's gid is its uid). */
export const tmpfsOptions = (t: Tmpfs): string =>
  `size=${t.sizeMiB}m,mode=${t.mode.toString(8)},uid=${t.uid},gid=${t.uid}`;

export function healthcheckArgs(hc: Healthcheck): docker.types.input.ContainerHealthcheck {
  return {
    tests: hc.test,
    interval: `${hc.intervalSeconds}s`,
    timeout: `${hc.timeoutSeconds}s`,
    retries: hc.retries,
    startPeriod: `${hc.startPeriodSeconds}s`,
  };
}

/** Longest a healthy start can take: the start period, then every retry running to its timeout. */
export function healthyWithinSeconds(hc: Healthcheck): number {
  return hc.startPeriodSeconds + hc.retries * (hc.intervalSeconds + hc.timeoutSeconds);
}

function volumeRef(refs: ContainerRefs, volume: string): VolumeRef {
  const ref = refs.volumes[volume];
  if (!ref)
    throw new Error(`model volume "${volume}" has no Docker volume; known: ${Object.keys(refs.volumes).join(", ")}`);
  return ref;
}

/**
 * CPUs as the docker provider reads them back from the engine ("1.0", "0.5"): written any other way
 * ("1"), every `pulumi preview` would propose replacing the container.
 */
export const dockerCpus = (cpus: number): string => (Number.isInteger(cpus) ? cpus.toFixed(1) : String(cpus));

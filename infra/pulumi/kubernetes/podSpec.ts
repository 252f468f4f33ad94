import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { IVolume } from "kubernetes-models/v1/Volume";
import type { IVolumeMount } from "kubernetes-models/v1/VolumeMount";
import type { ServiceSpec } from "../../model/types.js";
import { SECRETS_DIR } from "../docker/files.js";
import { TargetError } from "../errors.js";
import { livenessProbe, readinessProbe } from "./probes.js";
import { lifecycleOf, preStopSecondsOf } from "./lifecycle.js";

export interface PodRefs {
  image: string;
  /** The Opaque Secret holding the model's secrets, one key per secret name. */
  secretName: string;
  /** Model volume -> PersistentVolumeClaim name. */
  claims: Record<string, string>;
  /** Model volumes provided by the StatefulSet's volumeClaimTemplates (mounted by name). */
  claimTemplates?: string[];
  /** Omit probes (one-shot Job pods exit instead of serving). */
  probes?: boolean;
  /** Replaces the model's command (its arguments: the image's entrypoint is kept, as on Docker). */
  args?: string[];
}

/** A Pod Security "restricted" pod running one model service: every hardening field, nothing decided here. */
export function podSpec(spec: ServiceSpec, refs: PodRefs): IPodSpec {
  const { uid, gid } = idsOf(spec);
  return {
    automountServiceAccountToken: false,
    // Service links would add env like REDIS_PORT=tcp://...; the model's env is the whole environment.
    enableServiceLinks: false,
    // The kubelet counts the preStop pause inside the grace period: the process keeps all of its own.
    terminationGracePeriodSeconds: spec.stopGracePeriodSeconds + preStopSecondsOf(spec),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: gid,
      ...groupsOf(spec, gid),
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [container(spec, refs)],
    volumes: volumes(spec, refs),
  };
}

/**
 * A pod whose service shares a group (postgres and the backup job on the backups claim) takes that
 * group as fsGroup too: the kubelet re-groups a volume to each pod's fsGroup on mount, and two pods
 * with different fsGroups on one claim would take each other's access away in turn.
 */
function groupsOf(spec: ServiceSpec, gid: number): { fsGroup: number; supplementalGroups?: number[] } {
  const shared = spec.groups ?? [];
  return shared.length > 0 ? { fsGroup: shared[0]!, supplementalGroups: shared } : { fsGroup: gid };
}

export function idsOf(spec: ServiceSpec): { uid: number; gid: number } {
  const [uid, gid] = spec.user.split(":").map(Number);
  if (!uid || !gid)
    throw new TargetError(`services.${spec.name}.user`, JSON.stringify(spec.user), "numeric non-root uid:gid");
  return { uid, gid };
}

function container(spec: ServiceSpec, refs: PodRefs): IContainer {
  const { uid, gid } = idsOf(spec);
  const args = refs.args ?? spec.command;
  const quantity = { cpu: `${Math.round(spec.limits.cpus * 1000)}m`, memory: `${spec.limits.memoryMiB}Mi` };
  return {
    name: spec.role,
    image: refs.image,
    ...(args ? { args } : {}),
    env: Object.entries(kubeEnv(spec.env)).map(([name, value]) => ({ name, value })),
    ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.container, protocol: "TCP" })),
    securityContext: {
      runAsNonRoot: true,
      runAsUser: uid,
      runAsGroup: gid,
      allowPrivilegeEscalation: !spec.noNewPrivileges,
      privileged: false,
      readOnlyRootFilesystem: spec.readOnlyRootFs,
      capabilities: spec.capAdd.length > 0 ? { drop: spec.capDrop, add: spec.capAdd } : { drop: spec.capDrop },
      seccompProfile: { type: "RuntimeDefault" },
    },
    resources: { requests: quantity, limits: quantity },
    ...lifecycleOf(spec),
    ...(refs.probes === false ? {} : { livenessProbe: livenessProbe(spec), readinessProbe: readinessProbe(spec) }),
    volumeMounts: mounts(spec),
  };
}

/**
 * The model's environment, less what answers Docker's networks (model/metricsReach.ts): a pod has one
 * address, so its metrics listener binds all of it and the NetworkPolicy admits only the Prometheus
 * namespace to that port; Prometheus scrapes the sandbox itself, so the api relays nothing.
 */
function kubeEnv(env: Record<string, string>): Record<string, string> {
  const { SANDBOX_METRICS_URL: _relay, ...rest } = env;
  return "METRICS_HOST" in rest ? { ...rest, METRICS_HOST: "0.0.0.0" } : rest;
}

const tmpName = (target: string): string => `tmpfs${target.replace(/[^a-z0-9]+/g, "-")}`;

function mounts(spec: ServiceSpec): IVolumeMount[] {
  return [
    ...spec.tmpfs.map((t) => ({ name: tmpName(t.target), mountPath: t.target })),
    ...(spec.secrets.length > 0 ? [{ name: "secrets", mountPath: SECRETS_DIR, readOnly: true }] : []),
    ...spec.mounts.map((m) => ({ name: m.volume, mountPath: m.target, readOnly: m.readOnly })),
  ];
}

/**
 * tmpfs becomes a memory-backed emptyDir of the same size. An emptyDir takes no mode or owner: it is
 * group-owned by the pod's fsGroup (the service's gid), and the pod runs that one user only.
 */
function volumes(spec: ServiceSpec, refs: PodRefs): IVolume[] {
  if (spec.configFiles.length > 0) {
    throw new TargetError(
      `services.${spec.name}.configFiles`,
      spec.configFiles.map((f) => f.name).join(", "),
      "none on Kubernetes (proxy and Prometheus are not deployed there)",
    );
  }
  return [
    ...spec.tmpfs.map((t) => ({
      name: tmpName(t.target),
      emptyDir: { medium: "Memory", sizeLimit: `${t.sizeMiB}Mi` },
    })),
    ...(spec.secrets.length > 0 ? [secretVolume(spec, refs)] : []),
    ...spec.mounts
      .filter((m) => !refs.claimTemplates?.includes(m.volume))
      .map((m) => claimVolume(spec, m.volume, refs)),
  ];
}

/** Only the keys this service needs, readable by its group (fsGroup) and nobody else. */
function secretVolume(spec: ServiceSpec, refs: PodRefs): IVolume {
  if (spec.secrets.includes("tls_pem")) {
    throw new TargetError(
      `services.${spec.name}.secrets`,
      "tls_pem",
      "secrets of pods; TLS terminates at the cluster's ingress (Secret verifier-tls)",
    );
  }
  return {
    name: "secrets",
    secret: { secretName: refs.secretName, defaultMode: 0o440, items: spec.secrets.map((key) => ({ key, path: key })) },
  };
}

function claimVolume(spec: ServiceSpec, volume: string, refs: PodRefs): IVolume {
  const claimName = refs.claims[volume];
  if (!claimName)
    throw new TargetError(
      `services.${spec.name}.mounts`,
      JSON.stringify(volume),
      `a claimed volume: ${Object.keys(refs.claims).join(", ") || "none"}`,
    );
  return { name: volume, persistentVolumeClaim: { claimName } };
}

import type { Subject } from "./types.js";

/** Readers shared by the rules: what a Docker container or a Kubernetes workload declares. */
export const DOCKER_CONTAINER = "docker:index/container:Container";
export const DOCKER_REMOTE_IMAGE = "docker:index/remoteImage:RemoteImage";
export const DOCKER_NETWORK = "docker:index/network:Network";
export const LOCAL_COMMAND = "command:local:Command";
export const K8S_SERVICE = "kubernetes:core/v1:Service";
export const K8S_NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy";
export const K8S_CRONJOB = "kubernetes:batch/v1:CronJob";

type Props = Record<string, any>;

/** Where each workload kind keeps its pod spec. */
const POD_SPEC: Record<string, (p: Props) => Props | undefined> = {
  "kubernetes:apps/v1:Deployment": (p) => p.spec?.template?.spec,
  "kubernetes:apps/v1:StatefulSet": (p) => p.spec?.template?.spec,
  "kubernetes:apps/v1:DaemonSet": (p) => p.spec?.template?.spec,
  "kubernetes:apps/v1:ReplicaSet": (p) => p.spec?.template?.spec,
  "kubernetes:batch/v1:Job": (p) => p.spec?.template?.spec,
  [K8S_CRONJOB]: (p) => p.spec?.jobTemplate?.spec?.template?.spec,
  "kubernetes:core/v1:Pod": (p) => p.spec,
};

export const isWorkload = (s: Subject): boolean => s.type in POD_SPEC;
export const podSpecOf = (s: Subject): Props | undefined => POD_SPEC[s.type]?.(s.props);

/** Pod template labels (the pods a NetworkPolicy would select). */
export function podLabelsOf(s: Subject): Record<string, string> {
  if (s.type === "kubernetes:core/v1:Pod") return s.props.metadata?.labels ?? {};
  const template = s.type === K8S_CRONJOB ? s.props.spec?.jobTemplate?.spec?.template : s.props.spec?.template;
  return template?.metadata?.labels ?? {};
}

export function containersOf(pod: Props | undefined): Props[] {
  return [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])];
}

/** A container that runs: the never-started file carriers only hold volumes. */
export const isRunningContainer = (s: Subject): boolean => s.type === DOCKER_CONTAINER && s.props.start !== false;

export function dockerLabel(props: Props, key: string): string | undefined {
  return (props.labels ?? []).find((l: { label: string }) => l.label === key)?.value;
}

/** The tier a resource declares (label verifier.tier on Docker, verifier/tier on Kubernetes). */
export function tierOf(s: Subject): string | undefined {
  return s.type === DOCKER_CONTAINER
    ? dockerLabel(s.props, "verifier.tier")
    : s.props.metadata?.labels?.["verifier/tier"];
}

/** The stack's tier: any resource that declares one. */
export function stackTier(resources: Subject[]): string | undefined {
  return resources.map(tierOf).find((t) => t !== undefined);
}

/** Docker env entries as [name, value]. */
export function dockerEnv(props: Props): [string, string][] {
  return (props.envs ?? []).map((e: string) => {
    const i = e.indexOf("=");
    return i < 0 ? [e, ""] : [e.slice(0, i), e.slice(i + 1)];
  });
}

/** Docker user "uid[:gid]" as a numeric uid, or undefined for names and absent users. */
export function numericUid(user: unknown): number | undefined {
  const match = typeof user === "string" ? /^(\d+)(?::\d+)?$/.exec(user) : null;
  return match ? Number(match[1]) : undefined;
}

export const label = (s: Subject): string => s.name ?? s.urn ?? s.type;

import type { ServiceSpec } from "../../model/types.js";

/**
 * Seconds an api pod keeps serving after Kubernetes marks it terminating, before it is sent SIGTERM: the
 * Service's endpoints and every node's kube-proxy drop a terminating pod a moment later, not at once,
 * and a process that stopped listening meanwhile would refuse what still reaches it (a rollout, a scale
 * down). The kubelet's own sleep action: the image needs no shell. Docker has the proxy's drain instead.
 */
export const API_PRESTOP_SECONDS = 5;

/** The pause before SIGTERM, counted inside the grace period by the kubelet. */
export const preStopSecondsOf = (spec: ServiceSpec): number => (spec.role === "api" ? API_PRESTOP_SECONDS : 0);

/**
 * The container's preStop hook. The kubelet always stops with SIGTERM, so a service whose model stops it
 * with another signal (Postgres: SIGINT, its fast shutdown) is sent that one by the hook first, to its
 * PID 1; the SIGTERM that follows finds the faster shutdown under way (Postgres ignores a smart request
 * then). The api's hook is the pause above. Others have none.
 */
export function lifecycleOf(spec: ServiceSpec): { lifecycle?: { preStop: Record<string, unknown> } } {
  if (spec.stopSignal !== "SIGTERM")
    return { lifecycle: { preStop: { exec: { command: ["/bin/sh", "-c", `kill -${spec.stopSignal.slice(3)} 1`] } } } };
  const seconds = preStopSecondsOf(spec);
  return seconds > 0 ? { lifecycle: { preStop: { sleep: { seconds } } } } : {};
}

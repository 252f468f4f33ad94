import type { IProbe } from "kubernetes-models/v1/Probe";
import type { ServiceSpec } from "../../model/types.js";
import { TargetError } from "../errors.js";

/** The model's healthcheck as an exec command: Docker's ["CMD", argv...] or ["CMD-SHELL", line]. */
export function execCommand(spec: ServiceSpec): string[] {
  const [kind, ...rest] = spec.healthcheck.test;
  if (kind === "CMD") return rest;
  if (kind === "CMD-SHELL" && rest.length === 1) return ["/bin/sh", "-c", rest[0]!];
  throw new TargetError(
    `services.${spec.name}.healthcheck.test`,
    JSON.stringify(spec.healthcheck.test),
    '["CMD", ...argv] or ["CMD-SHELL", "line"]',
  );
}

/** Liveness is the model's healthcheck with its timings; the start period delays the first check. */
export function livenessProbe(spec: ServiceSpec): IProbe {
  const hc = spec.healthcheck;
  return {
    exec: { command: execCommand(spec) },
    initialDelaySeconds: hc.startPeriodSeconds,
    periodSeconds: hc.intervalSeconds,
    timeoutSeconds: hc.timeoutSeconds,
    failureThreshold: hc.retries,
  };
}

/**
 * The path the proxy checks on Docker (infra/model/haproxy.ts), used as the api's readiness here:
 * a pod serving HTTP takes traffic. Dependencies are not part of it on purpose: a Redis or Postgres
 * blip would take every pod out of the Service at once and turn coded 503s (and cache-bypassed
 * 200s) into refused connections; the live fault tests prove that behaviour on Docker. Deploys
 * still gate a colour on /health/ready (steps/plan.ts), and Kubernetes removes a terminating pod
 * from its endpoints itself, so draining needs no probe.
 */
export const API_READINESS_PATH = "/health/live";

/** Readiness gates Service traffic; services other than the api reuse their healthcheck. */
export function readinessProbe(spec: ServiceSpec): IProbe {
  const hc = spec.healthcheck;
  const http = spec.ports.find((p) => p.name === "http");
  const handler =
    spec.role === "api" && http
      ? { httpGet: { path: API_READINESS_PATH, port: "http" } }
      : { exec: { command: execCommand(spec) } };
  return {
    ...handler,
    periodSeconds: hc.intervalSeconds,
    timeoutSeconds: hc.timeoutSeconds,
    failureThreshold: hc.retries,
  };
}

import type { IProbe } from "kubernetes-models/v1/Probe";
import type { ServiceSpec } from "../../model/types.js";
import { READY_PATH } from "../steps/plan.js";
import { TargetError } from "../errors.js";

/** The model's healthcheck as an exec command: Docker's ["CMD", argv...] or ["CMD-SHELL", line]. */
export function execCommand(spec: ServiceSpec): string[] {
  const [kind, ...rest] = spec.healthcheck.test;
  if (kind === "CMD") return rest;
  if (kind === "CMD-SHELL" && rest.length === 1) return ["/bin/sh", "-c", rest[0]!];
  throw new TargetError(`services.${spec.name}.healthcheck.test`, JSON.stringify(spec.healthcheck.test), '["CMD", ...argv] or ["CMD-SHELL", "line"]');
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
 * Readiness gates Service traffic. The api's is its readiness endpoint (dependencies up, not
 * draining: the path the proxy checks on Docker); other services reuse their healthcheck.
 */
export function readinessProbe(spec: ServiceSpec): IProbe {
  const hc = spec.healthcheck;
  const http = spec.ports.find((p) => p.name === "http");
  const handler = spec.role === "api" && http ? { httpGet: { path: READY_PATH, port: "http" } } : { exec: { command: execCommand(spec) } };
  return { ...handler, periodSeconds: hc.intervalSeconds, timeoutSeconds: hc.timeoutSeconds, failureThreshold: hc.retries };
}

import type { z } from "zod";
import { rpoIssues } from "./recoveryPoint.js";
import { isDigestRef, SERVICE_ROLES, type StackConfig } from "./schema.js";

/**
 * Rules that depend on the tier. Kept apart from the shape so each rule reads as one sentence.
 * Each returns the issues it finds; none throws.
 */
/** `value` is the effective value (defaults applied), quoted as "received" in the error. */
type Issue = { path: (string | number)[]; message: string; value: unknown };

export function tierIssues(cfg: StackConfig): Issue[] {
  return [
    ...prodRules(cfg),
    ...registryRules(cfg),
    ...kubernetesRules(cfg),
    ...testRouteRules(cfg),
    ...previewPortRules(cfg),
    ...rpoIssues(cfg),
  ];
}

/** Each listener the proxy publishes needs a host port of its own. */
function previewPortRules(cfg: StackConfig): Issue[] {
  const ports = cfg.previewPorts;
  if (ports === undefined) return [];
  const issues: Issue[] = (["blue", "green"] as const)
    .filter((colour) => ports[colour] === cfg.httpsPort)
    .map((colour) => ({
      path: ["previewPorts", colour],
      value: ports[colour],
      message: `a port of its own, not httpsPort's (${cfg.httpsPort})`,
    }));
  if (ports.blue === ports.green)
    issues.push({
      path: ["previewPorts", "green"],
      value: ports.green,
      message: "a port of its own, not blue's preview port",
    });
  return issues;
}

function testRouteRules(cfg: StackConfig): Issue[] {
  if (!cfg.service.testRoutes || cfg.tier === "local" || cfg.tier === "drills") return [];
  return [
    {
      path: ["service", "testRoutes"],
      value: true,
      message: `test routes are for local and drills only, not ${cfg.tier}`,
    },
  ];
}

function prodRules(cfg: StackConfig): Issue[] {
  if (cfg.tier !== "prod") return [];
  const issues: Issue[] = [];
  if (cfg.images.source !== "registry") {
    issues.push({
      path: ["images", "source"],
      value: cfg.images.source,
      message: 'prod deploys registry images pinned by digest: set "registry"',
    });
  }
  for (const role of SERVICE_ROLES) {
    const ref = cfg.images[role];
    if (ref !== undefined && !isDigestRef(ref)) {
      issues.push({
        path: ["images", role],
        value: ref,
        message: "prod requires a digest reference: name@sha256:<64 hex>, not a tag",
      });
    }
  }
  const { maxEventLoopUtilization, maxEventLoopDelayMs } = cfg.service.overload;
  if (maxEventLoopUtilization === 0 && maxEventLoopDelayMs === 0)
    issues.push({
      path: ["service", "overload"],
      value: cfg.service.overload,
      message: "prod sheds load rather than queue it: set maxEventLoopUtilization or maxEventLoopDelayMs above 0",
    });
  if (!cfg.tls.hsts) issues.push({ path: ["tls", "hsts"], value: false, message: "prod requires HSTS: set true" });
  if (!cfg.backup.walArchiving)
    issues.push({ path: ["backup", "walArchiving"], value: false, message: "prod requires WAL archiving: set true" });
  for (const colour of ["blue", "green"] as const) {
    const ref = cfg.releases[colour];
    if (ref !== undefined && !isDigestRef(ref)) {
      issues.push({
        path: ["releases", colour],
        value: ref,
        message: "prod requires a digest reference: name@sha256:<64 hex>, not a tag",
      });
    }
  }
  return issues;
}

function registryRules(cfg: StackConfig): Issue[] {
  if (cfg.images.source !== "registry") return [];
  const needed = SERVICE_ROLES.filter((r) => r !== "sandbox" || cfg.sandbox.enabled);
  return needed
    .filter((role) => cfg.images[role] === undefined)
    .map((role) => ({
      path: ["images", role],
      value: undefined,
      message: 'images.source is "registry": every image needs a reference',
    }));
}

function kubernetesRules(cfg: StackConfig): Issue[] {
  if (cfg.target !== "kubernetes") return [];
  const issues: Issue[] = [];
  if (cfg.images.source !== "registry") {
    issues.push({
      path: ["images", "source"],
      value: cfg.images.source,
      message: 'the kubernetes target pulls images: set "registry"',
    });
  }
  if (cfg.kubernetes === undefined) {
    issues.push({
      path: ["kubernetes"],
      value: undefined,
      message: "the kubernetes target needs a kubernetes: {namespace, ...} block",
    });
  }
  return issues;
}

/** The schema with tier rules attached, so a single parse reports shape and rule problems together. */
export function withTierRules<T extends z.ZodType<StackConfig>>(schema: T) {
  return schema.superRefine((cfg, ctx) => {
    for (const issue of tierIssues(cfg))
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message, params: { received: issue.value } });
  });
}

import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { backupsScheduled } from "./rules/backupsScheduled.js";
import { capabilitiesDropped } from "./rules/capabilities.js";
import { healthChecked } from "./rules/health.js";
import { internalNetworksGuarded } from "./rules/internalGuarded.js";
import { prodImagesByDigest } from "./rules/imagesByDigest.js";
import { resourceLimits } from "./rules/limits.js";
import { metricsGuarded } from "./rules/metricsGuarded.js";
import { metricsNotPublished } from "./rules/metricsNotPublished.js";
import { nonRoot } from "./rules/nonRoot.js";
import { pidsLimited } from "./rules/pidsLimited.js";
import { previewLoopbackOnly } from "./rules/previewLoopback.js";
import { noPrivileged } from "./rules/privileged.js";
import { readOnlyRoot } from "./rules/readOnlyRoot.js";
import { noSecretsInEnv } from "./rules/secretsInEnv.js";
import type { ResourceRule, StackRule } from "./types.js";

export const RESOURCE_RULES: ResourceRule[] = [
  nonRoot,
  readOnlyRoot,
  capabilitiesDropped,
  noPrivileged,
  resourceLimits,
  healthChecked,
  metricsNotPublished,
  noSecretsInEnv,
  previewLoopbackOnly,
  internalNetworksGuarded,
];

export const STACK_RULES: StackRule[] = [prodImagesByDigest, metricsGuarded, backupsScheduled, pidsLimited];

/** Every rule blocks an `up`: there is no advisory hardening. */
export function resourcePolicy(rule: ResourceRule): ResourceValidationPolicy {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: "mandatory",
    validateResource: (args, report) => {
      for (const message of rule.check({ type: args.type, name: args.name, props: args.props, urn: args.urn }))
        report(message);
    },
  };
}

export function stackPolicy(rule: StackRule): StackValidationPolicy {
  return {
    name: rule.name,
    description: rule.description,
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
      const subjects = args.resources.map((r) => ({ type: r.type, name: r.name, props: r.props, urn: r.urn }));
      for (const v of rule.check(subjects)) report(v.message, v.urn);
    },
  };
}

export const POLICIES = [...RESOURCE_RULES.map(resourcePolicy), ...STACK_RULES.map(stackPolicy)];

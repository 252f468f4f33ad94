import { K8S_CRONJOB, isRunningContainer, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/** Pods of Jobs run to completion: nothing to probe. */
const RUN_TO_COMPLETION = [K8S_CRONJOB, "kubernetes:batch/v1:Job"];

/** Serving containers say when they are alive and ready. */
export const healthChecked: ResourceRule = {
  name: "health-checks",
  description: "Running containers have a healthcheck; serving pods have liveness and readiness probes.",
  check(s: Subject): string[] {
    if (isRunningContainer(s)) {
      const tests: unknown = s.props.healthcheck?.tests;
      return Array.isArray(tests) && tests.length > 0 && tests[0] !== "NONE"
        ? []
        : [`${label(s)}: healthcheck.tests must be set`];
    }
    if (!isWorkload(s) || RUN_TO_COMPLETION.includes(s.type)) return [];
    return (podSpecOf(s)?.containers ?? [])
      .filter((c: Record<string, unknown>) => !c.livenessProbe || !c.readinessProbe)
      .map(
        (c: Record<string, unknown>) => `${label(s)}/${String(c.name)}: livenessProbe and readinessProbe must be set`,
      );
  },
};

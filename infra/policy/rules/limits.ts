import { containersOf, isRunningContainer, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/** Every running container has memory and CPU limits (pids: see the pids-limited stack policy). */
export const resourceLimits: ResourceRule = {
  name: "resource-limits",
  description: "Running containers declare memory and CPU limits.",
  check(s: Subject): string[] {
    if (isRunningContainer(s)) {
      const out: string[] = [];
      if (!(typeof s.props.memory === "number" && s.props.memory > 0))
        out.push(`${label(s)}: memory limit (MiB) must be set`);
      if (!(Number(s.props.cpus) > 0)) out.push(`${label(s)}: cpus limit must be set`);
      return out;
    }
    if (!isWorkload(s)) return [];
    return containersOf(podSpecOf(s))
      .filter((c) => !c.resources?.limits?.cpu || !c.resources?.limits?.memory)
      .map((c) => `${label(s)}/${c.name}: resources.limits.cpu and resources.limits.memory must be set`);
  },
};

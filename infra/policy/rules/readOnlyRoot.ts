import { containersOf, isRunningContainer, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/** Root filesystems are read-only; writable paths are tmpfs or volumes. File carriers never start. */
export const readOnlyRoot: ResourceRule = {
  name: "read-only-root",
  description: "Running containers have a read-only root filesystem.",
  check(s: Subject): string[] {
    if (isRunningContainer(s)) return s.props.readOnly === true ? [] : [`${label(s)}: readOnly must be true`];
    if (!isWorkload(s)) return [];
    return containersOf(podSpecOf(s))
      .filter((c) => c.securityContext?.readOnlyRootFilesystem !== true)
      .map((c) => `${label(s)}/${c.name}: securityContext.readOnlyRootFilesystem must be true`);
  },
};

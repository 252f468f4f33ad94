import {
  DOCKER_CONTAINER,
  containersOf,
  isRunningContainer,
  isWorkload,
  label,
  numericUid,
  podSpecOf,
} from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/**
 * Every container runs as a numeric, non-root uid. A never-started file carrier runs nothing (its image
 * is empty), and must have no user: Docker 20.10 resolves a copy target's user by name on the host.
 */
export const nonRoot: ResourceRule = {
  name: "non-root-user",
  description:
    "Containers run as a numeric non-root user (Docker user uid:gid; Kubernetes runAsNonRoot and runAsUser > 0).",
  check(s: Subject): string[] {
    if (s.type === DOCKER_CONTAINER && !isRunningContainer(s)) return [];
    if (s.type === DOCKER_CONTAINER) {
      const uid = numericUid(s.props.user);
      return uid === undefined || uid === 0
        ? [`${label(s)}: user ${JSON.stringify(s.props.user)} is not a numeric non-root uid:gid`]
        : [];
    }
    if (!isWorkload(s)) return [];
    const pod = podSpecOf(s);
    return containersOf(pod).flatMap((c) => {
      const nonRootSet = c.securityContext?.runAsNonRoot ?? pod?.securityContext?.runAsNonRoot;
      const uid = c.securityContext?.runAsUser ?? pod?.securityContext?.runAsUser;
      return nonRootSet === true && typeof uid === "number" && uid > 0
        ? []
        : [`${label(s)}/${c.name}: runAsNonRoot must be true and runAsUser > 0 (received ${nonRootSet}, ${uid})`];
    });
  },
};

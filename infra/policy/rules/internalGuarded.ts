import { BRIDGE_NAME_OPTION, INTERNAL_BRIDGE_PREFIX } from "../../model/hostGuard.js";
import { DOCKER_NETWORK, label } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/**
 * An internal Docker network's bridge carries the host guard's prefix (infra/model/hostGuard.ts):
 * otherwise the guard does not know it, and Docker's own rules alone leave it open to other
 * containers for a moment whenever a network is made on the host.
 */
export const internalNetworksGuarded: ResourceRule = {
  name: "internal-networks-guarded",
  description: `Internal Docker networks name their bridge ${INTERNAL_BRIDGE_PREFIX}… so the host guard closes them.`,
  check(s: Subject): string[] {
    if (s.type !== DOCKER_NETWORK || s.props.internal !== true) return [];
    const bridge = s.props.options?.[BRIDGE_NAME_OPTION];
    if (typeof bridge === "string" && bridge.startsWith(INTERNAL_BRIDGE_PREFIX)) return [];
    return [
      `${label(s)}: internal network's ${BRIDGE_NAME_OPTION} is ${JSON.stringify(bridge ?? null)}; it must start with "${INTERNAL_BRIDGE_PREFIX}" (bridgeOptions in infra/model/hostGuard.ts)`,
    ];
  },
};

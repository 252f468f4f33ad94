import { PORTS } from "../../model/ports.js";
import { DOCKER_CONTAINER, label } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

const PREVIEW_PORTS: readonly number[] = [PORTS.proxyPreviewBlue, PORTS.proxyPreviewGreen];

/**
 * A preview listener serves a colour before it is proven (the idle one, mid-deploy): only the host
 * itself may reach it, whatever address the main listener is published on.
 */
export const previewLoopbackOnly: ResourceRule = {
  name: "preview-loopback-only",
  description: "The proxy's per-colour preview listeners are published on 127.0.0.1 only.",
  check(s: Subject): string[] {
    if (s.type !== DOCKER_CONTAINER) return [];
    return (s.props.ports ?? [])
      .filter((p: Record<string, unknown>) => PREVIEW_PORTS.includes(Number(p.internal)) && p.ip !== "127.0.0.1")
      .map(
        (p: Record<string, unknown>) =>
          `${label(s)}: preview port ${String(p.internal)} is published on ${String(p.ip ?? "every address")}; allowed: 127.0.0.1`,
      );
  },
};

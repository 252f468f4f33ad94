import { DOCKER_CONTAINER, containersOf, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

/** The only capability Pod Security "restricted" lets a container add back. */
const ALLOWED_ADDS = ["NET_BIND_SERVICE"];

/** All capabilities are dropped; at most NET_BIND_SERVICE is added back. */
export const capabilitiesDropped: ResourceRule = {
  name: "capabilities-dropped",
  description: "Containers drop ALL capabilities and add back none beyond NET_BIND_SERVICE.",
  check(s: Subject): string[] {
    if (s.type === DOCKER_CONTAINER) return problems(label(s), s.props.capabilities?.drops, s.props.capabilities?.adds);
    if (!isWorkload(s)) return [];
    return containersOf(podSpecOf(s)).flatMap((c) =>
      problems(`${label(s)}/${c.name}`, c.securityContext?.capabilities?.drop, c.securityContext?.capabilities?.add),
    );
  },
};

function problems(where: string, drops: unknown, adds: unknown): string[] {
  const out: string[] = [];
  if (!Array.isArray(drops) || !drops.includes("ALL"))
    out.push(`${where}: capabilities must drop ALL (received ${JSON.stringify(drops)})`);
  const extra = (Array.isArray(adds) ? adds : []).filter((a) => !ALLOWED_ADDS.includes(a));
  if (extra.length > 0)
    out.push(`${where}: capabilities added back: ${extra.join(", ")}; allowed: ${ALLOWED_ADDS.join(", ")}`);
  return out;
}

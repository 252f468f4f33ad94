import { DOCKER_CONTAINER, containersOf, isWorkload, label, podSpecOf } from "../read.js";
import type { ResourceRule, Subject } from "../types.js";

const HOST_MODES = ["networkMode", "pidMode", "ipcMode", "usernsMode"];

/** Nothing privileged: no privileged flag, no privilege escalation, no host namespaces. */
export const noPrivileged: ResourceRule = {
  name: "no-privileged",
  description: "Containers are not privileged, cannot gain privileges (no-new-privileges) and share no host namespace.",
  check(s: Subject): string[] {
    if (s.type === DOCKER_CONTAINER) return docker(s);
    if (!isWorkload(s)) return [];
    const pod = podSpecOf(s);
    const host = ["hostNetwork", "hostPID", "hostIPC"]
      .filter((k) => pod?.[k] === true)
      .map((k) => `${label(s)}: ${k} must not be true`);
    const containers = containersOf(pod).flatMap((c) => [
      ...(c.securityContext?.privileged === true ? [`${label(s)}/${c.name}: privileged must not be true`] : []),
      ...(c.securityContext?.allowPrivilegeEscalation === false
        ? []
        : [`${label(s)}/${c.name}: allowPrivilegeEscalation must be false`]),
    ]);
    return [...host, ...containers];
  },
};

function docker(s: Subject): string[] {
  const out: string[] = [];
  if (s.props.privileged === true) out.push(`${label(s)}: privileged must not be true`);
  const opts: string[] = s.props.securityOpts ?? [];
  if (!opts.some((o) => o === "no-new-privileges:true" || o === "no-new-privileges"))
    out.push(`${label(s)}: securityOpts must include no-new-privileges:true`);
  for (const key of HOST_MODES) if (s.props[key] === "host") out.push(`${label(s)}: ${key} must not be host`);
  return out;
}

import { isIPv6 } from "node:net";
import type { FastifyRequest } from "fastify";

/** An IPv4 client as IPv6 shows it on a dual-stack socket (`::ffff:203.0.113.9`). */
const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;
/** Groups kept of an IPv6 address: one subscriber usually holds a whole /64. */
const IPV6_PREFIX_GROUPS = 4;

/**
 * Who the per-address limits count a request against. `request.ip` is the socket's peer unless
 * TRUST_PROXY names that peer, in which case Fastify takes the client from X-Forwarded-For; see
 * the security README (behind HAProxy without it, every client would share the proxy's address).
 */
export function clientAddress(request: FastifyRequest): string {
  return addressBucket(request.ip ?? "unknown");
}

/**
 * Pure: an IPv4 address as is (also when IPv4-mapped), an IPv6 address as its /64, so that one
 * host cannot step around a per-address limit by walking the 2^64 addresses it is routed.
 */
export function addressBucket(ip: string): string {
  const mapped = MAPPED_IPV4.exec(ip)?.[1];
  if (mapped) return mapped;
  if (!isIPv6(ip)) return ip;
  return `${ipv6Groups(ip).slice(0, IPV6_PREFIX_GROUPS).join(":")}::/64`;
}

/** The eight groups of a valid IPv6 address in shortest hex; a dotted IPv4 tail counts as two. */
function ipv6Groups(ip: string): string[] {
  const [head = "", tail] = (ip.split("%")[0] ?? "").split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const rightWidth = right.reduce((width, group) => width + (group.includes(".") ? 2 : 1), 0);
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - rightWidth).fill("0");
  return [...left, ...zeros, ...right].map((group) =>
    group.includes(".") ? group : Number.parseInt(group, 16).toString(16),
  );
}

import { createHash } from "node:crypto";
import type { NetworkSpec } from "./types.js";

/**
 * Internal networks on one Docker host are closed by Docker's own FORWARD rules, and Docker 20.10
 * takes them away for a moment whenever any network on the host is created: it deletes its jump to
 * DOCKER-ISOLATION-STAGE-1 and inserts it again at the top. In that gap an edge container's packet to
 * a backend address meets the edge network's own "out to anywhere" ACCEPT, masqueraded, and Postgres
 * answers (a container on an edge network connected to Redis's backend IP while other stacks were
 * made; reproduced with 60 probes across 40 network creations: 8 connections, 0 without them).
 *
 * The guard is a table of our own in the host's nftables, hooked on forwarding before iptables' filter
 * (priority filter - 10): Docker never touches it, and a drop there is final. Every internal network's
 * bridge gets a name with one prefix, so two rules cover every stack on the host: nothing enters an
 * internal bridge from another interface, and nothing leaves one for another. Traffic inside a bridge
 * (the same interface in and out) and the host's own traffic (not forwarded) are untouched.
 */
export const GUARD_TABLE = "verifier_guard";
/** `nft` arguments that print the guard table (its rules and their drop counters); fails when it is absent. */
export const LIST_GUARD_ARGV: readonly string[] = ["list", "table", "inet", GUARD_TABLE];
/** Prefix of every internal network's bridge; Linux allows 15 characters in all. */
export const INTERNAL_BRIDGE_PREFIX = "vint-";
/** Docker's bridge driver option that names the bridge on the host. */
export const BRIDGE_NAME_OPTION = "com.docker.network.bridge.name";

/** The host bridge of one of a project's networks: prefix and 10 hex of a hash for internal ones. */
export function bridgeName(project: string, network: NetworkSpec): string | undefined {
  if (!network.internal) return undefined;
  const hash = createHash("sha256").update(`${project}/${network.name}`).digest("hex").slice(0, 10);
  return `${INTERNAL_BRIDGE_PREFIX}${hash}`;
}

/** Docker driver options of a project's network: the bridge name for internal ones, nothing else. */
export function bridgeOptions(project: string, network: NetworkSpec): Record<string, string> {
  const bridge = bridgeName(project, network);
  return bridge ? { [BRIDGE_NAME_OPTION]: bridge } : {};
}

const RULES = [
  `oifname "${INTERNAL_BRIDGE_PREFIX}*" iifname != "${INTERNAL_BRIDGE_PREFIX}*" counter drop comment "into an internal network from outside it"`,
  `iifname "${INTERNAL_BRIDGE_PREFIX}*" oifname != "${INTERNAL_BRIDGE_PREFIX}*" counter drop comment "out of an internal network"`,
];

/** Names the rules' version: the loaded table carries it, so a host with other rules is reloaded. */
export const GUARD_MARK = `verifier guard ${createHash("sha256").update(RULES.join("\n")).digest("hex").slice(0, 12)}`;

/**
 * The ruleset, for `nft -f -`: one transaction that makes the table if missing, deletes it, and
 * defines it again, so loading is atomic and repeatable (no moment without the rules on a reload).
 */
export function guardRuleset(): string {
  return [
    `table inet ${GUARD_TABLE}`,
    `delete table inet ${GUARD_TABLE}`,
    `table inet ${GUARD_TABLE} {`,
    `  comment "${GUARD_MARK}"`,
    "  chain forward {",
    "    type filter hook forward priority filter - 10; policy accept;",
    ...RULES.map((r) => `    ${r}`),
    "  }",
    "}",
    "",
  ].join("\n");
}

import { $ } from "zx";
import { GUARD_MARK, GUARD_TABLE, guardRuleset, LIST_GUARD_ARGV } from "../model/hostGuard.js";

export interface NftResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}
/** The I/O seam: `nft <args>` on this machine with `input` on stdin; never throws (exit 127: not installed). */
export type Nft = (args: string[], input?: string) => Promise<NftResult>;

export const liveNft: Nft = async (args, input = "") => {
  const out = await $({ nothrow: true, quiet: true, verbose: false, input })`nft ${args}`;
  return { exitCode: out.exitCode ?? 1, stdout: out.stdout, stderr: out.stderr };
};

/** Why internal networks on this Docker host cannot be guarded: names the table, the reason and the fix. */
export class HostGuardError extends Error {
  readonly code = "HOST_GUARD_MISSING";
  constructor(reason: string) {
    super(
      `the host guard (nftables table inet ${GUARD_TABLE}, infra/model/hostGuard.ts) is not loaded and could not be: ${reason}. ` +
        "Without it Docker opens internal networks to other containers for a moment whenever a network is created. " +
        "Install nftables and run this as root (scripts/setup-host.sh installs it). Nothing was changed.",
    );
    this.name = "HostGuardError";
  }
}

export type GuardState =
  | { state: "present" | "loaded" }
  /** DOCKER_HOST names another machine: its nftables are not ours to read from here. */
  | { state: "remote"; endpoint: string };

const lastLine = (text: string) => text.trim().split("\n").at(-1) || "no reason given";

/**
 * Before networks are made on this machine's Docker engine: the guard table is loaded with this
 * checkout's rules (its comment carries their mark), else it is loaded now, atomically.
 */
export async function ensureHostGuard(env: NodeJS.ProcessEnv, nft: Nft = liveNft): Promise<GuardState> {
  const endpoint = env.DOCKER_HOST ?? "";
  if (endpoint !== "" && !endpoint.startsWith("unix://")) return { state: "remote", endpoint };
  const listed = await nft([...LIST_GUARD_ARGV]);
  if (listed.exitCode === 127) throw new HostGuardError("nft is not installed (Debian package nftables)");
  if (listed.exitCode === 0 && listed.stdout.includes(`"${GUARD_MARK}"`)) return { state: "present" };
  const loaded = await nft(["-f", "-"], guardRuleset());
  if (loaded.exitCode !== 0) throw new HostGuardError(`nft -f exited ${loaded.exitCode}: ${lastLine(loaded.stderr)}`);
  return { state: "loaded" };
}

/** One line for a person: what the guard check found. */
export function describeGuard(found: GuardState): string {
  if (found.state === "remote")
    return `host guard: not checked on ${found.endpoint} (another machine); load infra/model/hostGuard.ts's ruleset there`;
  return found.state === "present"
    ? `host guard: nftables table inet ${GUARD_TABLE} in place`
    : `host guard: loaded nftables table inet ${GUARD_TABLE}`;
}

import { run } from "../../../infra/exec/run.js";
import { say } from "../../../infra/exec/progress.js";
import { SwitchError } from "../../cli/errors.js";
import type { Colour } from "../../plan/types.js";
import { pollUntil } from "../poll.js";
import type { SwitchReport } from "../target.js";
import { COMPOSE_DEFAULTS, proxyContainer, type ComposeContext } from "./context.js";
import {
  allUp,
  joinAtZeroWeight,
  parseStat,
  retire,
  SHOW_STAT,
  sessionsOf,
  switchBatch,
  type ServerStat,
} from "./haproxyCommands.js";

export interface ProxyRuntime {
  /** Runs commands as one batch (one line, `;`-separated); any answer text is an error. */
  batch(commands: string[]): Promise<void>;
  stats(): Promise<ServerStat[]>;
}

/** The proxy's runtime API, reached with `docker exec <proxy> haproxy-cmd` (loopback inside the proxy only). */
export function proxyRuntime(c: ComposeContext): ProxyRuntime {
  const exec = (line: string) => run(["docker", "exec", proxyContainer(c), "haproxy-cmd", line], { timeoutMs: 15_000 });
  return {
    async batch(commands) {
      const answer = (await exec(commands.join("; "))).trim();
      if (answer !== "")
        throw new Error(`the proxy refused \`${commands.join("; ")}\`: ${answer.replace(/\s*\n\s*/g, " | ")}`);
    },
    stats: async () => parseStat(await exec(SHOW_STAT)),
  };
}

/**
 * The atomic switch. `to` joins at weight 0 and must be marked UP by fresh health checks (no traffic
 * yet); then ONE batch weights `to` and drains `from`; then `from`'s in-flight requests finish and it
 * goes to maintenance, as the re-rendered config declares. A join that never turns UP is undone.
 */
export async function switchTraffic(
  c: ComposeContext,
  rt: ProxyRuntime,
  from: Colour,
  to: Colour,
): Promise<SwitchReport> {
  const replicas = c.cfg.apiReplicas;
  await rt.batch(joinAtZeroWeight(to, replicas));
  const joined = await pollUntil(
    () => rt.stats(),
    (s) => allUp(s, to),
    { timeoutMs: COMPOSE_DEFAULTS.joinTimeoutMs, everyMs: COMPOSE_DEFAULTS.pollMs },
  );
  if (!joined.settled) {
    await rt.batch(retire(to, replicas)).catch(() => undefined);
    throw new SwitchError(
      `${to} never passed the proxy's health checks within ${joined.ms} ms (${describe(joined.value, to)}); traffic stayed on ${from}`,
      false,
    );
  }
  await batchOrUndo(rt, switchBatch(from, to, replicas), from, to);
  const switchedAt = new Date().toISOString();
  const drained = await pollUntil(
    () => rt.stats(),
    (s) => sessionsOf(s, from) === 0,
    { timeoutMs: COMPOSE_DEFAULTS.drainTimeoutMs, everyMs: COMPOSE_DEFAULTS.pollMs },
  );
  if (!drained.settled)
    say(
      `! ${from} still had ${sessionsOf(drained.value, from)} request(s) in flight after ${drained.ms} ms; retiring it anyway`,
    );
  await rt.batch(retire(from, replicas));
  return { from, to, switchedAt, joinMs: joined.ms, drainMs: drained.ms, undrained: sessionsOf(drained.value, from) };
}

/** The batch either applies or is refused as a whole; a refusal leaves traffic on `from`. */
async function batchOrUndo(rt: ProxyRuntime, commands: string[], from: Colour, to: Colour): Promise<void> {
  try {
    await rt.batch(commands);
  } catch (err) {
    const stats = await rt.stats().catch(() => []);
    const moved = stats.some((s) => s.colour === from && s.status === "DRAIN");
    throw new SwitchError(`switching ${from} → ${to}: ${(err as Error).message}`, moved);
  }
}

const describe = (stats: ServerStat[], colour: Colour): string =>
  stats
    .filter((s) => s.colour === colour)
    .map((s) => `${s.server} ${s.status} (last check ${s.check || "none"})`)
    .join(", ") || "no such servers";

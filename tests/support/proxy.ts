import { run } from "../../infra/exec/run.js";
import { serverName } from "../../infra/model/haproxy.js";
import type { UpResult } from "../../infra/local/up.js";
import {
  allUp,
  parseStat,
  servingColour,
  SHOW_STAT,
  type ServerStat,
} from "../../runbooks/targets/compose/haproxyCommands.js";
import type { Colour } from "../../runbooks/plan/types.js";
import { eventually } from "./docker.js";
import { containerName } from "./instance.js";

/** The proxy's view of the api backend, read through its runtime API (`haproxy-cmd` inside the proxy). */
export async function proxyStats(stack: UpResult): Promise<ServerStat[]> {
  return parseStat(
    await run(["docker", "exec", containerName(stack, "proxy"), "haproxy-cmd", SHOW_STAT], { timeoutMs: 15_000 }),
  );
}

/** The same, or [] while the proxy cannot answer (restarting). */
export const proxyStatsOrNone = (stack: UpResult): Promise<ServerStat[]> => proxyStats(stack).catch(() => []);

/** Requests in flight on one server (HAProxy's current sessions), 0 when it is not listed. */
export const sessionsOn = (stats: ServerStat[], server: string): number =>
  stats.find((s) => s.server === server)?.sessions ?? 0;

/** Every server the model declares, in order (`blue-1`, `blue-2`, `green-1`...). */
export const declaredServers = (replicas: number): string[] =>
  (["blue", "green"] as const).flatMap((c) => Array.from({ length: replicas }, (_, i) => serverName(c, i + 1)));

/**
 * `up` re-renders the proxy's config (another replica count, new check settings) but leaves a running
 * proxy on the config it booted with: HAProxy reads it at start only. Restart it so it runs what is
 * rendered now, then wait until every server of the colour it serves is UP.
 */
export async function proxyOnRenderedConfig(stack: UpResult, replicas: number, timeoutMs = 90_000): Promise<Colour> {
  await run(["docker", "restart", containerName(stack, "proxy")], { timeoutMs: 120_000 });
  const stats = await eventually(
    () => proxyStatsOrNone(stack),
    (s) => servingColour(s) !== undefined && allUp(s, servingColour(s)!),
    timeoutMs,
    250,
  );
  const colour = servingColour(stats);
  const names = stats.map((s) => s.server);
  if (
    colour === undefined ||
    !allUp(stats, colour) ||
    JSON.stringify(names) !== JSON.stringify(declaredServers(replicas))
  ) {
    throw new Error(
      `after a restart the proxy should serve one colour with every server UP among ${declaredServers(replicas).join(", ")}; it reports ${JSON.stringify(stats)}`,
    );
  }
  return colour;
}

/** Status of one server (`blue-1`) as HAProxy reports it, or "absent". */
export const statusOf = (stats: ServerStat[], server: string): string =>
  stats.find((s) => s.server === server)?.status ?? "absent";

import { serverName } from "../../../infra/model/haproxy.js";
import type { Colour } from "../../plan/types.js";

/**
 * HAProxy runtime API commands for the blue/green switch (built as plain data, run by haproxy.ts),
 * and the parser of `show stat`. The backend and server names come from infra/model/haproxy.ts.
 */
export const BACKEND = "api";

const servers = (colour: Colour, replicas: number): string[] =>
  Array.from({ length: replicas }, (_, i) => `${BACKEND}/${serverName(colour, i + 1)}`);

/**
 * Brings a colour's servers out of maintenance at weight 0 (no traffic) and forces their health down,
 * so they count as UP only after `rise` fresh successful checks, never on a stale result.
 */
export function joinAtZeroWeight(colour: Colour, replicas: number): string[] {
  return servers(colour, replicas).flatMap((s) => [
    `set server ${s} weight 0`,
    `set server ${s} state ready`,
    `set server ${s} health down`,
  ]);
}

/** One batch: the new colour gets its configured weight, the old one drains (in-flight requests finish). */
export function switchBatch(from: Colour, to: Colour, replicas: number): string[] {
  return [
    ...servers(to, replicas).map((s) => `set server ${s} weight 100%`),
    ...servers(from, replicas).map((s) => `set server ${s} state drain`),
  ];
}

/** After draining, the old colour goes to maintenance: what the proxy's rendered config declares for it. */
export function retire(colour: Colour, replicas: number): string[] {
  return servers(colour, replicas).map((s) => `set server ${s} state maint`);
}

export const SHOW_STAT = "show stat";

/** One server line of `show stat`. */
export interface ServerStat {
  server: string;
  colour?: Colour;
  /** UP, DOWN, MAINT, DRAIN, "UP 1/2" (going down), "DOWN 1/2" (going up), NOLB... */
  status: string;
  weight: number;
  /** Current sessions on the server. */
  sessions: number;
  /** Last health check result, e.g. L7OK, L7STS, L4CON. */
  check: string;
}

/** Parses the CSV of `show stat` (header line `# pxname,svname,...`) into the api backend's servers. */
export function parseStat(csv: string): ServerStat[] {
  const [header, ...rows] = csv.split("\n").filter((l) => l.trim() !== "");
  if (header === undefined || !header.startsWith("# "))
    throw new Error(`not the output of \`show stat\`: ${csv.slice(0, 120)}`);
  const names = header.slice(2).split(",");
  const col = (row: string[], name: string): string => row[names.indexOf(name)] ?? "";
  return rows
    .map((line) => line.split(","))
    .filter((row) => col(row, "pxname") === BACKEND && !["BACKEND", "FRONTEND"].includes(col(row, "svname")))
    .map((row) => {
      const server = col(row, "svname");
      const colour = /^(blue|green)-\d+$/.exec(server)?.[1] as Colour | undefined;
      return {
        server,
        colour,
        status: col(row, "status"),
        weight: Number(col(row, "weight")),
        sessions: Number(col(row, "scur")),
        check: col(row, "check_status"),
      };
    });
}

const ofColour = (stats: ServerStat[], colour: Colour) => stats.filter((s) => s.colour === colour);

/** Every server of the colour is UP (no "going down" suffix) and HAProxy would use it. */
export const allUp = (stats: ServerStat[], colour: Colour): boolean =>
  ofColour(stats, colour).length > 0 && ofColour(stats, colour).every((s) => s.status === "UP");

export const sessionsOf = (stats: ServerStat[], colour: Colour): number =>
  ofColour(stats, colour).reduce((n, s) => n + s.sessions, 0);

/** The one colour whose servers are UP with weight: what the proxy routes to. */
export function servingColour(stats: ServerStat[]): Colour | undefined {
  const serving = [...new Set(stats.filter((s) => s.status === "UP" && s.weight > 0).map((s) => s.colour))];
  return serving.length === 1 ? serving[0] : undefined;
}

import type { BackupSummary } from "../plan/backups.js";
import { activeOf, COLOURS, type ContainerObservation, type Observed } from "../plan/types.js";
import type { ReleaseEntry } from "../release/schema.js";

/** Releases `status` shows, newest first. */
export const RECENT_RELEASES = 5;

export interface StatusInputs {
  name: string;
  url: string;
  observed: Observed;
  containers: ContainerObservation[];
  /** The backup summary, or why it could not be read. */
  backups: BackupSummary | { error: string };
}

/** The status of a stack as data (--json) and as lines for people. Pure. */
export function statusReport(s: StatusInputs): { data: Record<string, unknown>; lines: string[] } {
  const o = s.observed;
  const active = activeOf(o);
  const colours = Object.fromEntries(
    COLOURS.map((c) => [
      c,
      { ...o.colours[c], declaredImage: o.declared.releases[c], role: c === active ? "live" : "idle" },
    ]),
  );
  const releases = o.releases.slice(-RECENT_RELEASES).reverse();
  const data = {
    name: s.name,
    url: s.url,
    activeColour: active,
    declaredColour: o.declared.activeColour,
    serving: o.serving ?? null,
    colours,
    containers: s.containers,
    backups: s.backups,
    releases,
  };
  return { data, lines: lines(s, active, releases) };
}

function lines(s: StatusInputs, active: string, releases: ReleaseEntry[]): string[] {
  const o = s.observed;
  const unhealthy = s.containers.filter((c) => c.health !== "healthy" || c.status !== "running");
  return [
    `${s.name}  ${s.url}`,
    `active: ${active} (declared ${o.declared.activeColour}, proxy serves ${o.serving ?? "no single colour"})`,
    ...COLOURS.map(
      (c) =>
        `  ${c.padEnd(6)} ${(o.colours[c].image ?? "no containers").padEnd(40)} ${c === active ? "live" : "idle"}, ${colourHealth(o, c)}`,
    ),
    `containers: ${s.containers.length - unhealthy.length}/${s.containers.length} running and healthy`,
    ...unhealthy.map((c) => `  ✗ ${c.name}: ${c.status}/${c.health}`),
    `backups: ${"error" in s.backups ? `unavailable (${s.backups.error})` : s.backups.text}`,
    releases.length === 0 ? "releases: none recorded yet" : "releases (newest first):",
    ...releases.map(releaseLine),
  ];
}

function colourHealth(o: Observed, colour: "blue" | "green"): string {
  const cs = o.colours[colour].containers;
  return `${cs.filter((c) => c.health === "healthy").length}/${cs.length} healthy`;
}

const releaseLine = (r: ReleaseEntry): string =>
  `  ${r.time} ${r.command} ${r.from} → ${r.to} ${r.image} ${r.outcome} by ${r.operator}@${r.host}${r.error ? ` — ${r.error}` : ""}`;

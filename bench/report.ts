import type { BenchEntry } from "./run.js";

interface Report {
  date: string;
  machine: Record<string, unknown>;
  entries: BenchEntry[];
}

/** Markdown: one section per bench, its command, and its figures as a table of flattened keys. */
export function markdown(r: Report): string {
  const head = [
    "# Figures",
    "",
    `Measured ${r.date} on ${Object.entries(r.machine).map(([k, v]) => `${k}=${String(v)}`).join(", ")}.`,
    "Every figure comes from the command shown; ratios are measured side by side in the same run.",
    "",
  ];
  return [...head, ...r.entries.flatMap(section)].join("\n");
}

function section(e: BenchEntry): string[] {
  const rows = flatten(e.result).map(([k, v]) => `| ${k} | ${v} |`);
  return [`## ${e.name}${e.ok ? "" : " (failed)"}`, "", `\`${e.command}\` — ${e.seconds.toFixed(1)} s`, "", "| figure | value |", "|---|---|", ...rows, ""];
}

function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value === null || typeof value !== "object") return [[prefix || "value", String(value)]];
  if (Array.isArray(value) && value.length > 12) return [[prefix, `${value.length} items`]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

import { chartsFor } from "./report-charts.js";
import type { BenchEntry } from "./entry.js";

export interface Report {
  date: string;
  machine: Record<string, unknown>;
  entries: BenchEntry[];
}

/** Every file of bench/out, relative to it: report.md and the SVG charts it links (report.json is the raw data). */
export function reportFiles(r: Report): { path: string; content: string }[] {
  const charts = r.entries.flatMap((e) => chartsFor(e.name, e.result));
  return [
    { path: "report.md", content: markdown(r) },
    ...charts.map((c) => ({ path: `charts/${c.file}`, content: c.svg })),
  ];
}

/** Markdown: one section per bench with where, when and how it was measured, its charts, and its figures as a table. */
export function markdown(r: Report): string {
  const head = [
    "# Figures",
    "",
    `Measured ${r.date} on ${machineLine(r.machine)}.`,
    "Every figure comes from the command shown; ratios are measured side by side in the same run.",
    "",
    "| bench | ok | seconds | command |",
    "|---|---|---|---|",
    ...r.entries.map(
      (e) =>
        `| [${e.name}](#${anchor(heading(e))}) | ${e.ok ? "yes" : "**no**"} | ${e.seconds.toFixed(1)} | \`${cell(e.command)}\` |`,
    ),
    "",
  ];
  return [...head, ...r.entries.flatMap((e) => section(e, r))].join("\n");
}

const heading = (e: BenchEntry): string => `${e.name}${e.ok ? "" : " (failed)"}`;
/** GitHub's anchor of a heading: lower case, spaces to dashes, punctuation other than - and _ dropped. */
const anchor = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 _-]/g, "")
    .replace(/ /g, "-");
const machineLine = (m: Record<string, unknown>): string =>
  Object.entries(m)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ");
/** A table cell: no pipe or newline may break the row. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

function section(e: BenchEntry, r: Report): string[] {
  const charts = chartsFor(e.name, e.result).map((c) => `![${c.title}](charts/${c.file})`);
  const rows = flatten(e.result).map(([k, v]) => `| ${cell(k)} | ${cell(v)} |`);
  return [
    `## ${heading(e)}`,
    "",
    `Command \`${e.command}\` (${e.seconds.toFixed(1)} s), ${r.date}, on ${machineLine(r.machine)}.`,
    "",
    ...(charts.length ? [...charts.flatMap((c) => [c, ""])] : []),
    "| figure | value |",
    "|---|---|",
    ...rows,
    "",
  ];
}

/** Nested figures as dotted keys; long arrays (raw samples, timelines) are counted, not listed. */
export function flatten(value: unknown, prefix = ""): [string, string][] {
  if (value === null || typeof value !== "object") return [[prefix || "value", String(value)]];
  if (Array.isArray(value) && value.length > 12) return [[prefix, `${value.length} items (see report.json)`]];
  if (Array.isArray(value) && value.length === 0) return [[prefix, "none"]];
  return Object.entries(value).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}

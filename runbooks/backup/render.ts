import type { Objective } from "./checks.js";
import { restoredSentence, type DrillReport } from "./report.js";

const seconds = (ms: number): string => (ms / 1000).toFixed(1);
const verdict = (o: Objective | null, unit = "s"): string =>
  o === null
    ? "not measured"
    : `${o.seconds} ${unit} (objective ${o.objectiveSeconds} ${unit}: ${o.met ? "met" : "MISSED"})`;

/** report.md: what an operator reads first, then the evidence. */
export function drillMarkdown(r: DrillReport): string {
  return [
    `# Drill ${r.id}: ${r.ok ? "passed" : "FAILED"}`,
    "",
    `- source: ${r.source.stack} (instance ${r.source.instance}, project ${r.source.project})`,
    `- ${restoredSentence(r)}`,
    `- RTO: ${verdict(r.rto)}, from drill start ${r.startedAt} to ready and checked`,
    `- RPO: ${verdict(r.rpo)}, from the disaster (${r.disasterAt}, ${r.disasterFrom}) to the newest recovered transaction (${r.restored?.recoveredUntil ?? "none"})`,
    ...(r.failure ? [`- failure: ${r.failure}`] : []),
    `- teardown: ${r.teardown}`,
    "",
    "![phases](timeline.svg)",
    "",
    "| phase | start (s) | end (s) | took (s) | ok |",
    "|---|---:|---:|---:|---|",
    ...r.phases.map(
      (p) =>
        `| ${p.name} | ${seconds(p.startMs)} | ${seconds(p.endMs)} | ${seconds(p.endMs - p.startMs)} | ${p.ok ? "yes" : "no"} |`,
    ),
    "",
    "| table | rows expected | rows found | checksum | ok |",
    "|---|---:|---:|---|---|",
    ...r.checks.tables.map(
      (t) =>
        `| ${t.table} | ${t.expectedRows} | ${t.actualRows ?? "absent"} | ${t.checksum} | ${t.ok ? "yes" : "no"} |`,
    ),
    "",
    `Readiness: ${r.checks.readiness ?? "not reached"}. Smoke: ${r.checks.smoke.map((c) => `${c.ok ? "✓" : "✗"} ${c.detail}`).join("; ") || "not run"}.`,
    "",
    `Images (the source's): ${Object.entries(r.images)
      .map(([k, v]) => `${k}=${v}`)
      .join(", ")}`,
    "",
  ].join("\n");
}

const escapeXml = (s: string): string =>
  s.replace(/[<>&"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;" })[c]!);

/** timeline.svg: one bar per phase on a shared time axis, and a line where the RTO clock stopped. */
export function drillTimelineSvg(r: DrillReport): string {
  const width = 720,
    left = 170,
    row = 26,
    top = 30;
  const totalMs = Math.max(1, ...r.phases.map((p) => p.endMs));
  const x = (ms: number) => left + ((width - left - 20) * ms) / totalMs;
  const bars = r.phases.map((p, i) => {
    const y = top + i * row;
    const fill = p.ok ? "#4c9a2a" : "#c0392b";
    return (
      `  <text x="${left - 8}" y="${y + 15}" text-anchor="end">${escapeXml(p.name)}</text>\n` +
      `  <rect x="${x(p.startMs).toFixed(1)}" y="${y + 3}" width="${Math.max(1, x(p.endMs) - x(p.startMs)).toFixed(1)}" height="16" fill="${fill}"/>\n` +
      `  <text x="${(x(p.endMs) + 4).toFixed(1)}" y="${y + 15}">${seconds(p.endMs - p.startMs)} s</text>`
    );
  });
  const height = top + r.phases.length * row + 30;
  const rto =
    r.rto === null
      ? ""
      : `  <line x1="${x(r.rto.seconds * 1000).toFixed(1)}" y1="${top - 8}" x2="${x(r.rto.seconds * 1000).toFixed(1)}" y2="${height - 22}" stroke="#222" stroke-dasharray="4 3"/>\n` +
        `  <text x="${x(r.rto.seconds * 1000).toFixed(1)}" y="${height - 8}" text-anchor="middle">RTO ${r.rto.seconds} s</text>\n`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">\n` +
    `  <text x="10" y="18" font-weight="bold">Drill ${escapeXml(r.id)}: ${r.ok ? "passed" : "failed"}</text>\n${bars.join("\n")}\n${rto}</svg>\n`
  );
}

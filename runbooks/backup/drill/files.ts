import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DrillReport } from "../report.js";
import { drillMarkdown, drillTimelineSvg } from "../render.js";
import type { DumpManifest } from "../schemas.js";

/** Where drills keep what outlives them: `.local/drills/<id>/` and one history file. */
export function drillPaths(repoRoot: string, id: string) {
  const root = join(repoRoot, ".local", "drills");
  return { root, dir: join(root, id), history: join(root, "history.jsonl") };
}

/** One history line: enough to chart drills over time without opening every report. */
export function historyEntry(r: DrillReport): Record<string, unknown> {
  return {
    id: r.id,
    ok: r.ok,
    source: r.source.instance,
    startedAt: r.startedAt,
    restored: r.restored?.kind ?? null,
    dump: r.restored?.dump ?? null,
    rtoSeconds: r.rto?.seconds ?? null,
    rpoSeconds: r.rpo?.seconds ?? null,
    fellBack: r.skipped.length + r.failedAttempts.length > 0,
    failure: r.failure,
  };
}

/** report.json, report.md, timeline.svg and the restored dump's manifest; one line appended to history.jsonl. */
export function writeReport(repoRoot: string, r: DrillReport, manifest: DumpManifest | undefined): string {
  const paths = drillPaths(repoRoot, r.id);
  mkdirSync(paths.dir, { recursive: true });
  writeFileSync(join(paths.dir, "report.json"), `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(join(paths.dir, "report.md"), drillMarkdown(r));
  writeFileSync(join(paths.dir, "timeline.svg"), drillTimelineSvg(r));
  if (manifest) writeFileSync(join(paths.dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  appendFileSync(paths.history, `${JSON.stringify(historyEntry(r))}\n`);
  return paths.dir;
}

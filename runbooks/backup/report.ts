import type { SmokeCheck } from "../../infra/local/smoke.js";
import type { Skipped } from "./candidates.js";
import { judgeObjective, rpoSeconds, type Objective, type TableCheck } from "./checks.js";
import type { Phase } from "./clock.js";

/** Everything a drill measured and decided: written as report.json, rendered to Markdown and SVG. */
export interface DrillReport {
  id: string;
  ok: boolean;
  source: { stack: string; instance: string; project: string };
  startedAt: string;
  finishedAt: string;
  disasterAt: string;
  /** "flag": --disaster-at; "drill start": no disaster given, so the drill asks "what if it were now". */
  disasterFrom: "flag" | "drill start";
  images: Record<string, string>;
  restored: RestoredFrom | null;
  skipped: Skipped[];
  /** Attempts that failed before the one that worked (or all of them). */
  failedAttempts: { attempt: string; reason: string }[];
  phases: Phase[];
  rto: Objective | null;
  rpo: Objective | null;
  checks: { readiness: string | null; smoke: SmokeCheck[]; tables: TableCheck[] };
  /** Why the drill failed, when it did. */
  failure: string | null;
  teardown: string;
}

export interface RestoredFrom {
  kind: "logical" | "physical";
  /** The dump restored, or the verified dump paired with the base backup. */
  dump: string;
  base: string | null;
  walSegments: number;
  /** Newest transaction the restored database holds (ISO). */
  recoveredUntil: string;
}

/** One sentence on what was restored and what was passed over; the report's first line says so. */
export function restoredSentence(r: DrillReport): string {
  if (r.restored === null) return "nothing could be restored";
  const what =
    r.restored.kind === "logical"
      ? `dump ${r.restored.dump}`
      : `base backup ${r.restored.base} + ${r.restored.walSegments} WAL segment(s)`;
  const passed = [
    ...r.skipped.map((s) => `${s.file} (${s.reason})`),
    ...r.failedAttempts.map((f) => `${f.attempt} (${f.reason})`),
  ];
  return passed.length === 0 ? `restored ${what}` : `restored ${what}, falling back past: ${passed.join("; ")}`;
}

/** What the phases measured, before judging. */
export interface DrillFacts
  extends Pick<
    DrillReport,
    "id" | "source" | "images" | "restored" | "skipped" | "failedAttempts" | "phases" | "checks" | "teardown"
  > {
  startedAt: Date;
  /** Absent: the drill's start. */
  disasterAt?: Date;
  /** The source stack's objectives; absent when the source could not be read. */
  objectives?: { rtoSeconds: number; rpoSeconds: number };
  /** ms from the start to ready and checked; null when never reached. */
  readyMs: number | null;
  failure: string | null;
}

/**
 * The verdict: RTO from the start to ready and checked, RPO from the disaster to the newest
 * recovered transaction, each against the source's objective; a drill passes only when it restored,
 * every smoke check passed, and both objectives were met.
 */
export function judgeDrill(f: DrillFacts, finishedAt: Date = new Date()): DrillReport {
  const disasterAt = f.disasterAt ?? f.startedAt;
  const smokeFailed = f.checks.smoke.filter((c) => !c.ok).map((c) => c.detail);
  const rto = f.readyMs === null || !f.objectives ? null : judgeObjective(f.readyMs / 1000, f.objectives.rtoSeconds);
  const rpo =
    f.restored && f.objectives
      ? judgeObjective(rpoSeconds(disasterAt, new Date(f.restored.recoveredUntil)), f.objectives.rpoSeconds)
      : null;
  const failure = f.failure ?? (smokeFailed.length > 0 ? `smoke failed: ${smokeFailed.join("; ")}` : null);
  const { readyMs: _ready, objectives: _objectives, ...facts } = f;
  return {
    ...facts,
    ok: failure === null && rto?.met === true && rpo?.met === true,
    startedAt: f.startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    disasterAt: disasterAt.toISOString(),
    disasterFrom: f.disasterAt ? "flag" : "drill start",
    rto,
    rpo,
    failure,
  };
}

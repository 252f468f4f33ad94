import { REFUSED_STATUSES } from "../../infra/model/smoke.js";
import type { Colour } from "./types.js";

/** One answer seen by a smoke test or a verification burst. */
export interface Answer {
  /** What was asked: a URL or a path. */
  target: string;
  status?: number;
  colour?: string;
  version?: string;
  /** Set when no HTTP answer came at all (connection refused, timeout). */
  error?: string;
  /** The request must be refused (a smoke's `/metrics`): passes on a refusal status, whoever answered. */
  refusal?: boolean;
}

/** What every answer must show: 2xx from this colour, and from this version when known. */
export interface Expectation {
  colour: Colour;
  version?: string;
}

export interface Verdict {
  ok: boolean;
  total: number;
  passed: number;
  /** Distinct problems with how often each happened, e.g. "3× GET /health/ready → 503". */
  failures: string[];
}

/** Judges answers against the expectation; identical problems are counted, not repeated. */
export function judge(answers: Answer[], expect: Expectation): Verdict {
  const counts = new Map<string, number>();
  let passed = 0;
  for (const a of answers) {
    const problems = problemsOf(a, expect);
    if (problems.length === 0) passed++;
    for (const p of problems) counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const failures = [...counts].map(([p, n]) => `${n}× ${p}`);
  return {
    ok: answers.length > 0 && failures.length === 0,
    total: answers.length,
    passed,
    failures: answers.length === 0 ? ["no answers at all"] : failures,
  };
}

function problemsOf(a: Answer, expect: Expectation): string[] {
  if (a.error !== undefined) return [`${a.target}: ${a.error}`];
  if (a.refusal)
    return REFUSED_STATUSES.includes(a.status ?? 0)
      ? []
      : [`${a.target} → ${a.status ?? "no status"} (expected a refusal: ${REFUSED_STATUSES.join(" or ")})`];
  const problems: string[] = [];
  if (a.status === undefined || a.status < 200 || a.status > 299)
    problems.push(`${a.target} → ${a.status ?? "no status"}`);
  if (a.colour !== expect.colour) problems.push(`x-app-colour ${a.colour ?? "missing"} (expected ${expect.colour})`);
  if (expect.version !== undefined && a.version !== expect.version) {
    problems.push(`x-app-version ${a.version ?? "missing"} (expected ${expect.version})`);
  }
  return problems;
}

/** One line for an error message: the first few problems. */
export const summary = (v: Verdict): string => [`${v.passed}/${v.total} passed`, ...v.failures.slice(0, 4)].join("; ");

import type { LoadReport } from "./load/client.js";

/** What one open-loop phase of the overload bench saw. */
export interface PhaseFigures {
  offeredRate: number;
  achievedRate: number;
  total: number;
  ok: number;
  shed503: number;
  /** 503s that carried Retry-After. */
  shedWithRetryAfter: number;
  /** Answers other than 2xx and 503 (429 included: the rate limiter, not shedding), and requests with no answer. */
  otherFailures: Record<string, number>;
  latencyMs: LoadReport["latencyMs"];
  /** Per second of the phase: 2xx and 503 counts (for the timeline chart). */
  perSecond: { s: number; ok: number; shed: number; other: number }[];
}

export function phaseFigures(r: LoadReport, offeredRate: number): PhaseFigures {
  const otherFailures = Object.fromEntries(
    Object.entries(r.byStatus).filter(([k]) => !/^2\d\d$/.test(k) && k !== "503"),
  );
  const first = r.perSecond[0]?.second ?? 0;
  return {
    offeredRate,
    achievedRate: r.achievedRate,
    total: r.total,
    ok: r.ok,
    shed503: r.byStatus["503"] ?? 0,
    shedWithRetryAfter: r.refusals["503"]?.withRetryAfter ?? 0,
    otherFailures,
    latencyMs: r.latencyMs,
    perSecond: r.perSecond.map((b) => {
      const shed = b.byStatus["503"] ?? 0;
      return { s: b.second - first, ok: b.ok, shed, other: b.failed - shed };
    }),
  };
}

/** Share of a phase's last `tailSeconds` seconds answered 503, 0..1. */
export function tailShedShare(p: PhaseFigures, tailSeconds: number): number {
  const last = p.perSecond.at(-1)?.s ?? 0;
  const tail = p.perSecond.filter((b) => b.s > last - tailSeconds);
  const total = tail.reduce((n, b) => n + b.ok + b.shed + b.other, 0);
  return total === 0 ? 0 : tail.reduce((n, b) => n + b.shed, 0) / total;
}

export interface OverloadVerdict {
  pass: boolean;
  rule: string;
  failures: string[];
}

/**
 * Pure: at twice capacity the service sheds (some 503s, every one with Retry-After), nothing fails in
 * any other way (no other status, no connection error), the api is never restarted, and at half
 * capacity the 503s stop (under 1% over the recovery phase's last 10 s).
 */
export function overloadVerdict(overload: PhaseFigures, recovery: PhaseFigures, restarts: number): OverloadVerdict {
  const failures: string[] = [];
  if (overload.shed503 === 0)
    failures.push(
      `no 503 at ${overload.offeredRate} req/s (2x capacity): the service queued instead of shedding (p99 ${overload.latencyMs.p99} ms)`,
    );
  if (overload.shedWithRetryAfter < overload.shed503)
    failures.push(`${overload.shed503 - overload.shedWithRetryAfter} of ${overload.shed503} 503s had no Retry-After`);
  for (const [phase, p] of [
    ["overload", overload],
    ["recovery", recovery],
  ] as const) {
    if (Object.keys(p.otherFailures).length > 0)
      failures.push(`${phase}: failures other than 503: ${JSON.stringify(p.otherFailures)}`);
  }
  if (restarts > 0) failures.push(`the api container restarted ${restarts} time(s)`);
  const tail = tailShedShare(recovery, 10);
  if (tail >= 0.01)
    failures.push(`at half capacity ${(tail * 100).toFixed(1)}% of the last 10 s were still 503 (expected < 1%)`);
  return {
    pass: failures.length === 0,
    rule: "pass = at 2x capacity some 503s, each with Retry-After; no other non-2xx or connection error in either phase; api RestartCount unchanged; at 0.5x capacity < 1% 503 over the last 10 s",
    failures,
  };
}

/** One request of the load generator: when it went out, when it ended, what came back. */
export interface Sample {
  /** Which target of the mix it was (its label). */
  label?: string;
  sentAt: number;
  doneAt: number;
  /** Wall time of the request, ms (high resolution). */
  latencyMs?: number;
  status: number;
  colour?: string;
  version?: string;
  /** Retry-After of a 429 or 503 answer; "" when such an answer had none. */
  retryAfter?: string;
  /** Error code when no HTTP answer came (ECONNRESET, ECONNREFUSED, timeout...). */
  error?: string;
}

/** Consecutive answers of one worker from the same colour and version: the worker's colour history. */
export interface Run {
  colour: string;
  version: string;
  count: number;
  /** sentAt of the run's first and last request, epoch ms. */
  firstSentAt: number;
  lastSentAt: number;
}

export interface LoadSummary {
  startedAt: number;
  endedAt: number;
  total: number;
  ok: number;
  non2xx: number;
  errors: number;
  /** Answers by status code, and requests without an answer by error code. */
  byStatus: Record<string, number>;
  /** The same, per target label. */
  byLabel: Record<string, Record<string, number>>;
  /** 429 and 503 answers by status, and how many of them carried Retry-After. */
  refusals: Record<string, { total: number; withRetryAfter: number }>;
  /** A few failures as seen, for the failure message. */
  failureSamples: Sample[];
  achievedRate: number;
  maxLatencyMs: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** Offsets from start, ms, of the first and last failure; null when none. */
  firstFailureMs: number | null;
  lastFailureMs: number | null;
  /** Requests by the second they were sent in (epoch seconds), to count them in any command's window. */
  perSecond: { second: number; ok: number; failed: number; byStatus: Record<string, number> }[];
}

export const failed = (s: Sample): boolean => s.error !== undefined || s.status < 200 || s.status > 299;
const outcome = (s: Sample): string => s.error ?? String(s.status);
const bump = (m: Record<string, number>, k: string): void => {
  m[k] = (m[k] ?? 0) + 1;
};

/** One worker's samples (in order) as runs of colour+version; failures are not runs. */
export function compress(samples: Sample[]): Run[] {
  const runs: Run[] = [];
  for (const s of samples) {
    if (failed(s)) continue;
    const colour = s.colour ?? "none";
    const version = s.version ?? "none";
    const last = runs.at(-1);
    if (last && last.colour === colour && last.version === version) {
      last.count++;
      last.lastSentAt = s.sentAt;
    } else runs.push({ colour, version, count: 1, firstSentAt: s.sentAt, lastSentAt: s.sentAt });
  }
  return runs;
}

/** Nearest-rank quantile of ascending values, rounded to 0.1 ms; 0 for none. */
export function quantile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! * 10) / 10;
}

export function summarise(samples: Sample[], startedAt: number, endedAt: number): LoadSummary {
  const failures = samples.filter(failed);
  const byStatus: Record<string, number> = {};
  const byLabel: Record<string, Record<string, number>> = {};
  for (const s of samples) {
    bump(byStatus, outcome(s));
    const label = s.label ?? "all";
    byLabel[label] ??= {};
    bump(byLabel[label], outcome(s));
  }
  const refusals: LoadSummary["refusals"] = {};
  for (const s of samples.filter((x) => x.retryAfter !== undefined)) {
    const status = String(s.status);
    refusals[status] ??= { total: 0, withRetryAfter: 0 };
    const r = refusals[status];
    r.total++;
    if (s.retryAfter) r.withRetryAfter++;
  }
  const latencies = samples
    .filter((s) => s.error === undefined)
    .map((s) => s.latencyMs ?? s.doneAt - s.sentAt)
    .sort((a, b) => a - b);
  return {
    startedAt,
    endedAt,
    total: samples.length,
    ok: samples.length - failures.length,
    non2xx: failures.filter((s) => s.error === undefined).length,
    errors: failures.filter((s) => s.error !== undefined).length,
    byStatus,
    byLabel,
    refusals,
    failureSamples: failures.slice(0, 5),
    achievedRate: Math.round((samples.length * 1000) / Math.max(1, endedAt - startedAt)),
    maxLatencyMs: samples.reduce((m, s) => Math.max(m, s.doneAt - s.sentAt), 0),
    latencyMs: {
      p50: quantile(latencies, 0.5),
      p90: quantile(latencies, 0.9),
      p99: quantile(latencies, 0.99),
      max: quantile(latencies, 1),
    },
    firstFailureMs: failures.length ? failures.reduce((m, s) => Math.min(m, s.sentAt), Infinity) - startedAt : null,
    lastFailureMs: failures.length ? failures.reduce((m, s) => Math.max(m, s.sentAt), 0) - startedAt : null,
    perSecond: perSecond(samples),
  };
}

function perSecond(samples: Sample[]): LoadSummary["perSecond"] {
  const buckets = new Map<number, LoadSummary["perSecond"][number]>();
  for (const s of samples) {
    const second = Math.floor(s.sentAt / 1000);
    const b = buckets.get(second) ?? { second, ok: 0, failed: 0, byStatus: {} };
    if (failed(s)) b.failed++;
    else b.ok++;
    bump(b.byStatus, outcome(s));
    buckets.set(second, b);
  }
  return [...buckets.values()].sort((a, b) => a.second - b.second);
}

/** Requests sent between two epoch-ms instants (whole seconds, inclusive), and how many failed. */
export function within(summary: LoadSummary, fromMs: number, toMs: number): { requests: number; failed: number } {
  const inside = summary.perSecond.filter(
    (b) => b.second >= Math.floor(fromMs / 1000) && b.second <= Math.floor(toMs / 1000),
  );
  return {
    requests: inside.reduce((n, b) => n + b.ok + b.failed, 0),
    failed: inside.reduce((n, b) => n + b.failed, 0),
  };
}

/** The colours a worker saw, in order, with repeats collapsed: ["blue", "green", "blue"]. */
export const colourPath = (runs: Run[]): string[] =>
  runs.map((r) => r.colour).filter((c, i, all) => i === 0 || all[i - 1] !== c);

/** When every worker had moved to `colour` for good after `after` (epoch ms): the latest first-sent time. */
export function allMovedAt(perWorker: Run[][], colour: string, after: number): number | undefined {
  const firsts = perWorker.map((runs) => runs.find((r) => r.colour === colour && r.firstSentAt >= after)?.firstSentAt);
  return firsts.some((f) => f === undefined) ? undefined : Math.max(...(firsts as number[]));
}

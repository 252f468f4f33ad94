/** One request of the load generator: when it went out, when it ended, what came back. */
export interface Sample {
  sentAt: number;
  doneAt: number;
  status: number;
  colour?: string;
  version?: string;
  /** Error code when no HTTP answer came (ECONNRESET, ECONNREFUSED...). */
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
  byStatus: Record<string, number>;
  /** A few failures as seen, for the failure message. */
  failureSamples: Sample[];
  achievedRate: number;
  maxLatencyMs: number;
  /** Requests by the second they were sent in (epoch seconds), to count them in any command's window. */
  perSecond: { second: number; ok: number; failed: number }[];
}

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

export function summarise(samples: Sample[], startedAt: number, endedAt: number): LoadSummary {
  const failures = samples.filter(failed);
  const byStatus: Record<string, number> = {};
  for (const s of samples) byStatus[s.error ?? String(s.status)] = (byStatus[s.error ?? String(s.status)] ?? 0) + 1;
  return {
    startedAt,
    endedAt,
    total: samples.length,
    ok: samples.length - failures.length,
    non2xx: failures.filter((s) => s.error === undefined).length,
    errors: failures.filter((s) => s.error !== undefined).length,
    byStatus,
    failureSamples: failures.slice(0, 5),
    achievedRate: Math.round((samples.length * 1000) / Math.max(1, endedAt - startedAt)),
    maxLatencyMs: samples.reduce((m, s) => Math.max(m, s.doneAt - s.sentAt), 0),
    perSecond: perSecond(samples),
  };
}

const failed = (s: Sample): boolean => s.error !== undefined || s.status < 200 || s.status > 299;

function perSecond(samples: Sample[]): LoadSummary["perSecond"] {
  const buckets = new Map<number, { second: number; ok: number; failed: number }>();
  for (const s of samples) {
    const second = Math.floor(s.sentAt / 1000);
    const b = buckets.get(second) ?? { second, ok: 0, failed: 0 };
    if (failed(s)) b.failed++;
    else b.ok++;
    buckets.set(second, b);
  }
  return [...buckets.values()].sort((a, b) => a.second - b.second);
}

/** Requests sent between two epoch-ms instants (whole seconds, inclusive), and how many failed. */
export function within(summary: LoadSummary, fromMs: number, toMs: number): { requests: number; failed: number } {
  const inside = summary.perSecond.filter((b) => b.second >= Math.floor(fromMs / 1000) && b.second <= Math.floor(toMs / 1000));
  return { requests: inside.reduce((n, b) => n + b.ok + b.failed, 0), failed: inside.reduce((n, b) => n + b.failed, 0) };
}

/** The colours a worker saw, in order, with repeats collapsed: ["blue", "green", "blue"]. */
export const colourPath = (runs: Run[]): string[] => runs.map((r) => r.colour).filter((c, i, all) => i === 0 || all[i - 1] !== c);

/** When every worker had moved to `colour` for good after `after` (epoch ms): the latest first-sent time. */
export function allMovedAt(perWorker: Run[][], colour: string, after: number): number | undefined {
  const firsts = perWorker.map((runs) => runs.find((r) => r.colour === colour && r.firstSentAt >= after)?.firstSentAt);
  return firsts.some((f) => f === undefined) ? undefined : Math.max(...(firsts as number[]));
}

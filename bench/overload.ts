// Overload: capacity of the api through the proxy (closed loop: 1, 2, 4 … clients each sending the
// next request when theirs answers; the best 2xx rate before shedding), then twice that rate offered open-loop for --overload-seconds
// (the service must shed with 503 + Retry-After, fail in no other way, and not restart), then half of
// capacity for --recovery-seconds (the 503s must stop). The work is a batch of distinct math claims:
// CPU inside the api process, heavy enough that twice capacity stays under the global rate limit.
// Prints JSON on stdout (progress on stderr); exits 1 when the verdict fails. Run: node --import tsx bench/overload.ts [--keep]
import { parseArgs } from "node:util";
import { say } from "../infra/exec/progress.js";
import { identity } from "./api-process.js";
import { startLoad, type LoadReport, type Target } from "./load/client.js";
import { batchTargets, keysFor } from "./load/mix.js";
import { overloadVerdict, phaseFigures } from "./overload-verdict.js";
import { benchStack, createKeys, rateLimits, releaseStack, type BenchStack } from "./stack.js";

const { values } = parseArgs({
  options: {
    instance: { type: "string", default: "benchoverload" },
    port: { type: "string", default: "18645" },
    "max-concurrency": { type: "string", default: "16" },
    "batch-items": { type: "string", default: "10" },
    "capacity-seconds": { type: "string", default: "8" },
    "overload-seconds": { type: "string", default: "30" },
    "recovery-seconds": { type: "string", default: "20" },
    keep: { type: "boolean", default: false },
  },
});
const seconds = (name: "capacity-seconds" | "overload-seconds" | "recovery-seconds") => Number(values[name]) * 1000;
/** Timeout of one request: well past any shed answer, short enough to bound every phase. */
const TIMEOUT_MS = 10_000;

const load = (
  s: BenchStack,
  targets: Target[],
  rate: number,
  durationMs: number,
  mode: "paced" | "open",
  workers: number,
): Promise<LoadReport> =>
  startLoad({
    url: s.stack.url,
    caFile: s.stack.caFile,
    targets,
    rate,
    durationMs,
    workers,
    mode,
    timeoutMs: TIMEOUT_MS,
    variety: 1e9,
  }).done;

interface Capacity {
  /** The best 2xx rate of any step with under 1% 503s, req/s. */
  rps: number;
  concurrency: number;
  latencyMs: LoadReport["latencyMs"];
  steps: { concurrency: number; okRps: number; shed503: number; p99Ms: number }[];
}

/**
 * Closed loop at 1, 2, 4 … --max-concurrency clients (--capacity-seconds each), up to the first step
 * that sheds (1% 503s or more): the best 2xx rate of the steps before it. On a shared host a step can
 * come out slower than the one before, so every step is tried rather than stopping at the first dip.
 */
async function measureCapacity(s: BenchStack, targets: Target[], items: number): Promise<Capacity> {
  let best: Capacity | undefined;
  const steps: Capacity["steps"] = [];
  for (let c = 1; c <= Number(values["max-concurrency"]); c *= 2) {
    const r = await load(s, targets, 10_000, seconds("capacity-seconds"), "paced", c);
    const okRps = Math.round(((r.ok * 1000) / (r.endedAt - r.startedAt)) * 10) / 10;
    const shed = r.byStatus["503"] ?? 0;
    steps.push({ concurrency: c, okRps, shed503: shed, p99Ms: r.latencyMs.p99 });
    say(`overload: capacity step, batches of ${items}, ${c} client(s): ${okRps} req/s 2xx, ${shed} shed`);
    if (shed / Math.max(1, r.total) >= 0.01) break;
    if (!best || okRps > best.rps) best = { rps: okRps, concurrency: c, latencyMs: r.latencyMs, steps };
  }
  if (!best || best.rps === 0)
    throw new Error(
      `capacity: no step answered 2xx without shedding (${JSON.stringify(steps)}); is ${s.instance} healthy?`,
    );
  return { ...best, steps };
}

const s = await benchStack(values.instance!, Number(values.port));
try {
  const limits = await rateLimits(s);
  // Enough keys that even twice a capacity at 80% of the global limit keeps each key within half its limit.
  const keys = await createKeys(
    s,
    keysFor((limits.globalPerMinute / 60) * 0.8, limits, 0.5, 1),
    "analyst",
    "bench-overload",
  );
  let items = Number(values["batch-items"]);
  let capacity: Capacity;
  for (;;) {
    capacity = await measureCapacity(s, batchTargets(keys, items), items);
    // Twice capacity must stay under the global rate limit, or 429s would hide shedding: heavier batches then.
    if (capacity.rps * 2 <= (limits.globalPerMinute / 60) * 0.8 || items >= 100) break;
    items = Math.min(100, items * 2);
  }
  const capacityRps = capacity.rps;
  const targets = batchTargets(keys, items);
  const before = await identity(s.apiContainer);
  say(
    `overload: capacity ${capacityRps} req/s; offering ${Math.round(capacityRps * 2)} req/s open-loop for ${values["overload-seconds"]} s`,
  );
  const overload = phaseFigures(
    await load(s, targets, capacityRps * 2, seconds("overload-seconds"), "open", 32),
    Math.round(capacityRps * 2),
  );
  say(
    `overload: ${overload.shed503} of ${overload.total} shed; now ${Math.round(capacityRps / 2)} req/s for ${values["recovery-seconds"]} s`,
  );
  const recovery = phaseFigures(
    await load(s, targets, capacityRps / 2, seconds("recovery-seconds"), "open", 8),
    Math.round(capacityRps / 2),
  );
  const after = await identity(s.apiContainer);
  const restarts = Math.max(after.restartCount - before.restartCount, after.pid === before.pid ? 0 : 1);
  const verdict = overloadVerdict(overload, recovery, restarts);
  process.exitCode = verdict.pass ? 0 : 1;
  process.stdout.write(
    `${JSON.stringify(
      {
        instance: s.instance,
        work: `POST /verify/batch of ${items} distinct math claims`,
        keys: keys.length,
        rateLimits: limits,
        capacity,
        overload,
        recovery,
        restarts,
        oomKilled: restarts > 0 && after.oomKilled,
        verdict,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await releaseStack(s.instance, values.keep!);
}

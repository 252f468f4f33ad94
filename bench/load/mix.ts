import type { Target } from "./generator.js";

/**
 * Mixed traffic for soak and overload benches: liveness plus each verification engine and a batch,
 * inputs varied by "{n}" (the generator's request number modulo its variety) so the verification cache
 * sees misses as well as hits. Every authenticated request counts against its key's rate limit.
 */
const VERIFY: { label: string; path: string; body: unknown; headers?: Record<string, string> }[] = [
  { label: "math", path: "/verify/math", body: { expression: "x + {n} = {n} + x" } },
  { label: "logic", path: "/verify/logic", body: { expression: "(AND (GT x {n}) (LT x 100000))" } },
  {
    label: "stats",
    path: "/verify/stats",
    body: { data: { x: [1, 2, 3, 4, 5, 6, 7, "{n}"] }, claim: { statistic: "mean", column: "x", value: 4.5 } },
  },
  { label: "natural_language", path: "/verify/natural_language", body: { query: "Is 15% of {n}00 equal to 30?" } },
  { label: "consensus", path: "/verify/consensus", body: { expression: "{n}+2={n}2" } },
  {
    label: "batch",
    path: "/verify/batch",
    // As a careful client sends it: the proxy may then replay the batch on another replica if the one
    // running it dies (infra/model/replays.ts); the same key always comes with the same items.
    headers: { "idempotency-key": "mix-batch-{n}" },
    body: {
      items: [
        { engine: "math", input: { expression: "2*{n} = {n}+{n}" } },
        { engine: "logic", input: { expression: "(OR (GT x {n}) (LT x 1))" } },
      ],
    },
  },
];

/** A JSON body with "{n}" placeholders; a quoted "{n}" standing alone becomes a bare number. */
const bodyText = (body: unknown): string => JSON.stringify(body).replaceAll('"{n}"', "{n}");

/** The authenticated targets once per key (so round robin spreads them evenly over the keys), liveness once per key. */
export function mixTargets(keys: string[], engines: string[] = VERIFY.map((v) => v.label)): Target[] {
  const chosen = VERIFY.filter((v) => engines.includes(v.label));
  if (chosen.length === 0)
    throw new Error(
      `mix: no target among ${JSON.stringify(engines)}; choose from ${VERIFY.map((v) => v.label).join(", ")}`,
    );
  return keys.flatMap((key) => [
    { label: "health_live", method: "GET" as const, path: "/health/live" },
    ...chosen.map((v) => ({
      label: v.label,
      method: "POST" as const,
      path: v.path,
      headers: { "x-api-key": key, ...v.headers },
      body: bodyText(v.body),
    })),
  ]);
}

/** Share of the mix's requests that carry a key (count against rate limits), 0..1. */
export const authenticatedShare = (targets: Target[]): number =>
  targets.filter((t) => t.headers?.["x-api-key"]).length / targets.length;

/**
 * Keys needed so no key exceeds `keyBudget` (share of the per-key limit) at `rate` req/s, and a refusal
 * when the whole authenticated rate would pass `globalBudget` of the global limit (one shared window).
 */
export function keysFor(
  authRate: number,
  limits: { perKeyPerMinute: number; globalPerMinute: number },
  keyBudget = 0.5,
  globalBudget = 0.8,
): number {
  const globalMax = (limits.globalPerMinute / 60) * globalBudget;
  if (authRate > globalMax) {
    throw new Error(
      `an authenticated rate of ${authRate.toFixed(1)} req/s passes ${globalBudget * 100}% of the global rate limit (${limits.globalPerMinute}/min); lower --rate`,
    );
  }
  return Math.max(1, Math.ceil(authRate / ((limits.perKeyPerMinute / 60) * keyBudget)));
}

/**
 * One heavy request per key: a batch of `items` distinct math claims (distinct per request too, so the
 * cache never answers), CPU work inside the api process that event-loop shedding can see.
 */
export function batchTargets(keys: string[], items: number): Target[] {
  const list = Array.from({ length: items }, (_, i) => ({
    engine: "math",
    input: { expression: `x*${i + 1} + {n} = {n} + ${i + 1}*x` },
  }));
  return keys.map((key) => ({
    label: "batch",
    method: "POST" as const,
    path: "/verify/batch",
    headers: { "x-api-key": key },
    body: JSON.stringify({ items: list }),
  }));
}

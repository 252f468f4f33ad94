/**
 * What the engines bench sends: per engine, one input repeated (the Redis verdict cache answers all but
 * the first), distinct inputs (every one a cache miss, so the engine runs), and for math and logic a
 * hostile but valid input mixed in at HOSTILE_SHARE.
 */
export interface EngineCase {
  path: string;
  repeated: unknown;
  distinct: (i: number) => unknown;
  /** The i-th hostile input: distinct too, so no verdict comes from the cache. */
  hostile?: (i: number) => unknown;
}

/** One request in twenty is hostile in the mixed runs. */
export const HOSTILE_SHARE = 0.05;

export const CASES: Record<string, EngineCase> = {
  math: {
    path: "/verify/math",
    repeated: { expression: "(x+1)**2 = x**2 + 2*x + 1" },
    distinct: (i) => ({ expression: `(x+${i})^2 = x^2 + ${2 * i}*x + ${i * i}` }),
    // 455 terms a side after expansion: within the engine's limits, about 100 ms of work.
    hostile: (i) => ({ expression: `(x+y+z+w)^12 + ${i} = (w+x+y+z)^12 + ${i}` }),
  },
  logic: {
    path: "/verify/logic",
    repeated: { expression: "(AND (GT x 5) (LT x 10))" },
    distinct: (i) => ({ expression: `(AND (GT x ${i}) (LT x ${i + 5}))` }),
    // Three cubes summing to 33: Z3 gives up at the solver timeout (2 s by default).
    hostile: (i) => ({ expression: `(EQ (PLUS (MULT x x x) (MULT y y y) (MULT z z z) ${i}) ${33 + i})` }),
  },
  stats: {
    path: "/verify/stats",
    repeated: { data: { x: [1, 2, 3, 4, 5, 6, 7, 8] }, claim: { statistic: "mean", column: "x", value: 4.5 } },
    distinct: (i) => ({
      data: { x: [i, i + 1, i + 2, i + 3] },
      claim: { statistic: "mean", column: "x", value: i + 1.5 },
    }),
  },
  natural_language: {
    path: "/verify/natural_language",
    repeated: { query: "Is 15% of 200 equal to 30?" },
    distinct: (i) => ({ query: `Is 10% of ${i * 10} equal to ${i}?` }),
  },
  consensus: {
    path: "/verify/consensus",
    repeated: { expression: "2+2=4" },
    distinct: (i) => ({ expression: `${i}+2=${i + 2}` }),
  },
};

/** The i-th request of a mixed run: hostile every 1/HOSTILE_SHARE requests, distinct otherwise. */
export function mixed(
  c: EngineCase & { hostile: (i: number) => unknown },
): (i: number) => { body: unknown; group: string } {
  const every = Math.round(1 / HOSTILE_SHARE);
  return (i) =>
    i % every === every - 1 ? { body: c.hostile(i), group: "hostile" } : { body: c.distinct(i), group: "others" };
}

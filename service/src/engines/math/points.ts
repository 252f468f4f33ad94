import { math } from "./instance.js";
import { exact, type Num } from "./value.js";

/** Seed of the sample points: fixed so the same claim always meets the same points. */
export const POINT_SEED = 0x5eed_2024;

/** mulberry32: a tiny, well-distributed 32-bit PRNG, deterministic from its seed. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rational points p/q with p in [-99, 99] and q in [1, 12] for each variable, from the fixed seed. */
export function* samplePoints(variables: readonly string[], seed = POINT_SEED): Generator<Map<string, Num>> {
  const next = mulberry32(seed);
  for (;;) {
    const point = new Map<string, Num>();
    for (const name of variables) {
      const p = Math.floor(next() * 199) - 99;
      const q = Math.floor(next() * 12) + 1;
      point.set(name, exact(math.fraction(p, q)));
    }
    yield point;
  }
}

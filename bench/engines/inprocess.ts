import { verifyMath } from "../../service/src/engines/math/verify-math.js";
import { quantile } from "../load/samples.js";

/**
 * The math engine called directly, with no HTTP and no thread hop: p50/p99 of `count` calls of the
 * bench's simple claims, after `count` calls of warm-up (the steady state a long-running process sees).
 */
export async function inProcessMath(count = 2_000): Promise<{ calls: number; p50_ms: number; p99_ms: number }> {
  const claim = (i: number) => ({ expression: `(x+${i % 50})^2 = x^2 + ${2 * (i % 50)}*x + ${(i % 50) ** 2}` });
  for (let i = 0; i < count; i++) await verifyMath(claim(i), undefined);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const verdict = await verifyMath(claim(i), undefined);
    times.push(performance.now() - started);
    if (verdict.status !== "VERIFIED")
      throw new Error(`in-process math: ${claim(i).expression} gave ${verdict.status}`);
  }
  times.sort((a, b) => a - b);
  return { calls: count, p50_ms: quantile(times, 0.5), p99_ms: quantile(times, 0.99) };
}

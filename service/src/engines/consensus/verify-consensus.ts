import { z } from "zod";
import { defineEngine, failureToVerdict } from "../engine.js";
import type { Verdict } from "../verdict.js";
import { decide, type Outcome } from "./agreement.js";

/** Default and largest per-engine timeout, in milliseconds. */
export const CONSENSUS_TIMEOUT_MS = { default: 3_000, max: 30_000 } as const;

const timeout = z.number().int().min(1).max(CONSENSUS_TIMEOUT_MS.max).optional();

export const ConsensusInputSchema = z.union([
  /** A natural-language query; timeout_ms per engine, default 3000. */
  z.strictObject({ query: z.string().min(1).max(2_000), timeout_ms: timeout }),
  /** A math or logic expression; timeout_ms per engine, default 3000. */
  z.strictObject({ expression: z.string().min(1).max(10_000), timeout_ms: timeout }),
]);
export type ConsensusInput = z.output<typeof ConsensusInputSchema>;

/** An engine taking part in consensus. `run` should stop work when `signal` aborts (on its timeout). */
export type ConsensusEngine = {
  name: string;
  applies(input: ConsensusInput): boolean;
  run(input: ConsensusInput, signal: AbortSignal): Promise<Verdict>;
};

export type ConsensusDeps = { engines: readonly ConsensusEngine[] };

/** Runs every applicable engine in parallel, each bounded by its timeout, and decides agreement. */
export const verifyConsensus = defineEngine(
  "consensus",
  ConsensusInputSchema,
  async (input, deps: ConsensusDeps): Promise<Verdict> => {
    const timeoutMs = input.timeout_ms ?? CONSENSUS_TIMEOUT_MS.default;
    const applicable = deps.engines.filter((engine) => engine.applies(input));
    return decide(await Promise.all(applicable.map((engine) => runBounded(engine, input, timeoutMs))));
  },
);

/** Settles at the latest after `timeoutMs`, whatever the engine does; its signal is aborted then. */
async function runBounded(engine: ConsensusEngine, input: ConsensusInput, timeoutMs: number): Promise<Outcome> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ engine: engine.name, timed_out: true, timeout_ms: timeoutMs });
    }, timeoutMs);
  });
  const finished = engine.run(input, controller.signal).then(
    (verdict): Outcome => ({ engine: engine.name, verdict }),
    (error: unknown): Outcome => ({ engine: engine.name, verdict: failureToVerdict(error) }),
  );
  try {
    return await Promise.race([finished, expired]);
  } finally {
    clearTimeout(timer);
  }
}

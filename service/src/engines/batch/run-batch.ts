import { z } from "zod";
import { failureToVerdict } from "../engine.js";
import { blocked, type Verdict } from "../verdict.js";

/** Bounds of one batch: item count and parallelism. */
export const BATCH_LIMITS = { maxItems: 100, maxConcurrency: 16, defaultConcurrency: 4 } as const;

export const BatchItemSchema = z.strictObject({ engine: z.string().min(1).max(32), input: z.unknown() });
export const BatchItemsSchema = z.array(BatchItemSchema).min(1).max(BATCH_LIMITS.maxItems);
export type BatchItem = z.output<typeof BatchItemSchema>;

/** Engine name -> engine taking an unvalidated input (each engine validates its own input). */
export type EngineRunners = Readonly<Record<string, (input: unknown) => Promise<Verdict>>>;

export type BatchOptions = {
  /** Items run at once, 1-16. Default 4. */
  concurrency?: number;
  runners: EngineRunners;
};

export class BatchInputError extends Error {
  readonly code = "BATCH_INPUT_INVALID";
}

/** Runs 1-100 items with bounded concurrency; verdicts come back in input order, one per item. */
export async function runBatch(items: readonly BatchItem[], options: BatchOptions): Promise<Verdict[]> {
  const parsed = BatchItemsSchema.safeParse(items);
  if (!parsed.success)
    throw new BatchInputError(
      `batch rejected: ${parsed.error.issues.map((i) => `items.${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  const concurrency = options.concurrency ?? BATCH_LIMITS.defaultConcurrency;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > BATCH_LIMITS.maxConcurrency) {
    throw new BatchInputError(
      `concurrency must be an integer from 1 to ${BATCH_LIMITS.maxConcurrency}; received ${concurrency}`,
    );
  }
  const results: Verdict[] = new Array(parsed.data.length);
  let next = 0;
  const worker = async () => {
    while (next < parsed.data.length) {
      const index = next++;
      results[index] = await runItem(parsed.data[index]!, options.runners);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, parsed.data.length) }, worker));
  return results;
}

async function runItem(item: BatchItem, runners: EngineRunners): Promise<Verdict> {
  const run = Object.hasOwn(runners, item.engine) ? runners[item.engine] : undefined;
  if (run === undefined)
    return blocked(
      "UNKNOWN_ENGINE",
      `engine ${JSON.stringify(item.engine)} does not exist; allowed: ${Object.keys(runners).join(", ")}`,
    );
  try {
    return await run(item.input);
  } catch (error) {
    return failureToVerdict(error);
  }
}

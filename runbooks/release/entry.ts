import type { Execution } from "../execute/executor.js";
import type { Plan } from "../plan/types.js";
import type { ReleaseEntry } from "./schema.js";

export interface EntryMeta {
  time: string;
  operator: string;
  host: string;
  stack: string;
  instance: string;
  durationMs: number;
}

/**
 * The release log line for an executed plan. `images` is what each colour is declared to run
 * afterwards: the plan's images on success, the images from before otherwise (nothing was declared).
 */
export function releaseEntry(plan: Plan, run: Pick<Execution, "outcome" | "error">, meta: EntryMeta): ReleaseEntry {
  const entry: ReleaseEntry = {
    ...meta,
    command: plan.command,
    from: plan.from,
    to: plan.to,
    image: plan.image,
    images: run.outcome === "success" ? plan.images : plan.before,
    outcome: run.outcome,
  };
  if (run.error !== undefined)
    entry.error = `[${run.error.code}] ${run.error.message.replace(/\s*\n\s*/g, " ")}`.slice(0, 500);
  return { ...entry, durationMs: Math.round(meta.durationMs) };
}

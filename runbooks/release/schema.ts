import { z } from "zod";
import { imageRef } from "../../infra/config/schema.js";

const colour = z.enum(["blue", "green"]);

/**
 * How a runbook ended. success: switched and verified. rolled-back: verification failed and traffic
 * went back on its own. aborted: a step before the switch failed; traffic never moved. failed: anything
 * else (including a rollback that itself failed): a person must look.
 */
export const outcomeSchema = z.enum(["success", "rolled-back", "aborted", "failed"]);
export type Outcome = z.infer<typeof outcomeSchema>;

/** One line of `.local/<instance>/releases.jsonl`: who moved traffic where, with which images, and how it ended. */
export const releaseEntrySchema = z.strictObject({
  time: z.iso.datetime(),
  operator: z.string().min(1),
  host: z.string().min(1),
  stack: z.string().min(1),
  instance: z.string().min(1),
  command: z.enum(["deploy", "flip", "rollback"]),
  from: colour,
  to: colour,
  /** The release the command moved (or tried to move) traffic to: the image on `to`. */
  image: imageRef,
  /** The image each colour is declared to run afterwards (on success: the new release and the warm previous one). */
  images: z.strictObject({ blue: imageRef.optional(), green: imageRef.optional() }),
  outcome: outcomeSchema,
  /** The error that ended a run that did not succeed (one line, no secrets). */
  error: z.string().optional(),
  durationMs: z.number().int().nonnegative(),
});

export type ReleaseEntry = z.infer<typeof releaseEntrySchema>;

import { existsSync, readFileSync } from "node:fs";
import { z } from "zod";
import { imageRef, type StackConfig } from "../config/schema.js";
import { writeFileAtomic } from "./fsx.js";

/**
 * The declared state a local instance adds to its stack config: which colour is live and which api
 * image each colour runs. Runbooks write it; `up` reads it, so a later `npm start` never flips back.
 */
export const localStateSchema = z.strictObject({
  activeColour: z.enum(["blue", "green"]),
  releases: z.strictObject({ blue: imageRef.optional(), green: imageRef.optional() }),
});
export type LocalState = z.infer<typeof localStateSchema>;

export function readState(file: string): LocalState | undefined {
  if (!existsSync(file)) return undefined;
  const parsed = localStateSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  if (!parsed.success) {
    throw new Error(
      `${file}: not a valid state file (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); fix or delete it`,
    );
  }
  return parsed.data;
}

export function writeState(file: string, state: LocalState): void {
  writeFileAtomic(file, `${JSON.stringify(localStateSchema.parse(state), null, 2)}\n`, 0o644);
}

/** Declared state wins over the stack file's defaults. */
export function applyState(cfg: StackConfig, state: LocalState | undefined): StackConfig {
  if (state === undefined) return cfg;
  return { ...cfg, activeColour: state.activeColour, releases: { ...cfg.releases, ...state.releases } };
}

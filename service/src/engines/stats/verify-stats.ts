import { defineEngine } from "../engine.js";
import type { Verdict } from "../verdict.js";
import { verifyCodeClaim } from "./code-claim.js";
import { readDataset } from "./dataset.js";
import type { SandboxClient } from "./sandbox-client.js";
import { StatsInputSchema } from "./schema.js";
import { verifyStatisticClaim } from "./statistic-claim.js";

/** Optional collaborators: without a sandbox, code claims are BLOCKED SANDBOX_UNAVAILABLE. */
export type StatsDeps = { sandbox?: SandboxClient } | undefined;

/** Verifies a statistic over CSV or column data, or runs a code claim in the injected sandbox. */
export const verifyStats = defineEngine("stats", StatsInputSchema, async (input, deps: StatsDeps): Promise<Verdict> => {
  const dataset = readDataset(input.data);
  if ("code" in input.claim) return verifyCodeClaim(dataset, input.claim, deps?.sandbox);
  return verifyStatisticClaim(dataset, input.claim);
});

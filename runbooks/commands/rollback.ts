import { defineCommand } from "../cli/command.js";
import { runPlan } from "../execute/runPlan.js";
import { planRollback } from "../plan/flip.js";
import { requestsFlag } from "./flags.js";

export const rollback = defineCommand({
  name: "rollback",
  summary:
    "back to the previous release (release log): an instant switch when its colour is warm, else redeployed first",
  args: "<stack>",
  flags: { requests: requestsFlag },
  run: (ctx) =>
    runPlan(ctx, (o) => planRollback(o, { verifyRequests: ctx.values.requests, dryRun: ctx.common.dryRun })),
});

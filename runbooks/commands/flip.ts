import { defineCommand } from "../cli/command.js";
import { runPlan } from "../execute/runPlan.js";
import { planFlip } from "../plan/flip.js";
import { colourSchema, requestsFlag } from "./flags.js";

export const flip = defineCommand({
  name: "flip",
  summary: "switch traffic to the other (warm) colour; restarts it first when it is gone",
  args: "<stack> [--to blue|green]",
  flags: {
    to: {
      type: "string",
      placeholder: "<colour>",
      doc: "the colour to serve (default: the idle one)",
      schema: colourSchema.optional(),
    },
    requests: requestsFlag,
  },
  run: (ctx) =>
    runPlan(ctx, (o) => planFlip(o, ctx.values.to, { verifyRequests: ctx.values.requests, dryRun: ctx.common.dryRun })),
});

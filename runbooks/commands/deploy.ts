import { imageRef } from "../../infra/config/schema.js";
import { defineCommand } from "../cli/command.js";
import { runPlan } from "../execute/runPlan.js";
import { planDeploy } from "../plan/deploy.js";
import { requestsFlag } from "./flags.js";

export const deploy = defineCommand({
  name: "deploy",
  summary:
    "put an image on the idle colour, smoke it directly, switch atomically with draining, verify; roll back on failure",
  args: "<stack> --image <ref>",
  flags: {
    image: {
      type: "string",
      placeholder: "<ref>",
      doc: "the api image to release: name[:tag] or name@sha256:<digest> (required)",
      schema: imageRef,
    },
    requests: requestsFlag,
  },
  run: (ctx) =>
    runPlan(ctx, (o) =>
      planDeploy(o, ctx.values.image, { verifyRequests: ctx.values.requests, dryRun: ctx.common.dryRun }),
    ),
});

import { say } from "../../infra/exec/progress.js";
import { defineCommand } from "../cli/command.js";
import { RunbookError } from "../cli/errors.js";
import { requireDirectSmoke } from "../plan/capabilities.js";
import { summary, type Verdict } from "../plan/judge.js";
import { activeOf } from "../plan/types.js";
import { colourSchema } from "./flags.js";

/** Requests through the proxy when the smoked colour is live. */
const PROXY_REQUESTS = 5;

export const smoke = defineCommand({
  name: "smoke",
  summary: "smoke a colour directly (readiness and one real request); the live colour also through the proxy",
  args: "<stack> [--colour blue|green]",
  flags: {
    colour: {
      type: "string",
      placeholder: "<colour>",
      doc: "the colour to smoke (default: the live one)",
      schema: colourSchema.optional(),
    },
  },
  async run(ctx) {
    const target = await ctx.target();
    const o = await target.observe();
    const colour = ctx.values.colour ?? activeOf(o);
    requireDirectSmoke(target.directSmoke, "smoke", colour);
    const image = o.colours[colour].image;
    const live = colour === activeOf(o);
    const plan = [
      `directly: every api-${colour} replica`,
      ...(live ? [`through the proxy: ${PROXY_REQUESTS} requests`] : []),
    ];
    if (ctx.common.dryRun) return { data: { colour, plan }, lines: plan.map((p) => `would smoke ${colour} ${p}`) };
    if (image === undefined)
      throw new RunbookError(
        "SMOKE_FAILED",
        `${colour} has no containers to smoke; start it with \`ops flip ${ctx.stack} --to ${colour}\``,
      );
    const direct = await target.smoke(colour, image);
    const proxied = live ? await target.verify(colour, image, PROXY_REQUESTS) : undefined;
    return verdicts(colour, image, direct, proxied);
  },
});

function verdicts(colour: string, image: string, direct: Verdict, proxied: Verdict | undefined) {
  const lines = [`${direct.ok ? "✓" : "✗"} ${colour} directly: ${summary(direct)}`];
  if (proxied) lines.push(`${proxied.ok ? "✓" : "✗"} ${colour} through the proxy: ${summary(proxied)}`);
  if (!direct.ok || (proxied && !proxied.ok)) {
    for (const l of lines) say(l);
    throw new RunbookError(
      "SMOKE_FAILED",
      `smoke of ${colour} (${image}) failed: ${[direct, proxied]
        .filter((v) => v && !v.ok)
        .map((v) => summary(v!))
        .join("; ")}`,
      { direct, proxied },
    );
  }
  return { data: { colour, image, direct, proxied: proxied ?? null }, lines };
}

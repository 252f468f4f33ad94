import type { Images, Plan, Step } from "./types.js";

const imagesText = (images: Images): string =>
  (["blue", "green"] as const).map((c) => `${c}: ${images[c] ?? "the default api image"}`).join(", ");

/** One line a person reads for each step: in dry runs, progress and errors. */
export function describeStep(step: Step): string {
  switch (step.kind) {
    case "start":
      return `start api-${step.colour} on ${step.image} (traffic stays on ${step.render.activeColour})`;
    case "await-healthy":
      return `wait until every api-${step.colour} container is healthy`;
    case "migrations":
      return `migrations: applied at api-${step.colour}'s boot under the advisory lock (expand/contract: the live colour keeps working on the new schema)`;
    case "smoke":
      return `smoke api-${step.colour} directly (not through the proxy): /health/ready and one real request, expecting ${step.image}`;
    case "switch":
      return `switch the proxy ${step.from} → ${step.to} atomically: ${step.to} joins at weight 0 until its health checks pass, then one batch gives it the traffic and drains ${step.from}`;
    case "verify":
      return `verify through the proxy: ${step.requests} requests, all 2xx from ${step.colour}${step.image ? ` on ${step.image}` : ""}`;
    case "declare":
      return `declare ${step.state.activeColour} active (${imagesText(step.state.releases)}) so a later start keeps it`;
  }
}

/** The whole plan as numbered lines, with what happens if it goes wrong. */
export function describePlan(plan: Plan): string[] {
  if (plan.noop !== undefined) return [`nothing to do: ${plan.noop}`];
  const lines = [`${plan.command}: ${plan.from} → ${plan.to}${plan.dryRun ? " (dry run: nothing will change)" : ""}`];
  lines.push(...plan.steps.map((s, i) => `  ${i + 1}. ${describeStep(s)}`));
  if (plan.onVerifyFailed.length > 0)
    lines.push("  if verification fails:", ...plan.onVerifyFailed.map((s) => `     - ${describeStep(s)}`));
  if (plan.onEarlyFailure.length > 0)
    lines.push("  if a step before the switch fails:", ...plan.onEarlyFailure.map((s) => `     - ${describeStep(s)}`));
  lines.push(`  then: ${imagesText(plan.images)}`);
  return lines;
}

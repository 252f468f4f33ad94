import { RunbookError } from "../cli/errors.js";
import type { Colour, Plan } from "./types.js";

/**
 * Whether a target can smoke one colour directly (not through the proxy), as every switch-over does
 * before traffic moves; when it cannot, `why` says where, what is missing and how to fix it. Declared
 * by the target as data, so a plan that needs it is refused before its first step, never found out
 * halfway (after a `pulumi up` has already started the idle colour).
 */
export type DirectSmoke = { readonly able: true } | { readonly able: false; readonly why: string };

/** Refuses a plan that smokes a colour directly (in its steps or its recovery) on a target that cannot. */
export function requireDirectSmokeFor(plan: Plan, directSmoke: DirectSmoke): void {
  const smoke = [...plan.steps, ...plan.onEarlyFailure, ...plan.onVerifyFailed].find((s) => s.kind === "smoke");
  if (smoke !== undefined) requireDirectSmoke(directSmoke, plan.command, smoke.colour);
}

export function requireDirectSmoke(directSmoke: DirectSmoke, command: string, colour: Colour): void {
  if (directSmoke.able) return;
  throw new RunbookError(
    "TARGET_UNSUPPORTED",
    `${command} would smoke ${colour} directly (not through the proxy), but ${directSmoke.why}; nothing was changed`,
  );
}

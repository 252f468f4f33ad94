import { RunbookError } from "../cli/errors.js";
import { summary, type Verdict } from "../plan/judge.js";
import type { Step } from "../plan/types.js";
import type { Target } from "../targets/target.js";

/** Carries out one step against the target; returns what it observed (for the result and figures). */
export async function runStep(target: Target, step: Step): Promise<unknown> {
  switch (step.kind) {
    case "start":
      return target.start(step.colour, step.render);
    case "await-healthy":
      return target.awaitHealthy(step.colour);
    case "migrations":
      return target.migrations(step.colour);
    case "smoke":
      return passed(
        await target.smoke(step.colour, step.image),
        "SMOKE_FAILED",
        `smoke test of ${step.colour} (directly) failed`,
      );
    case "switch":
      return target.switchTraffic(step.from, step.to);
    case "verify": {
      const verdict = await target.verify(step.colour, step.image, step.requests);
      return passed(verdict, "VERIFY_FAILED", `verification through the proxy failed`);
    }
    case "declare":
      return target.declare(step.state);
  }
}

function passed(verdict: Verdict, code: "SMOKE_FAILED" | "VERIFY_FAILED", what: string): Verdict {
  if (verdict.ok) return verdict;
  throw new RunbookError(code, `${what}: ${summary(verdict)}`, verdict);
}

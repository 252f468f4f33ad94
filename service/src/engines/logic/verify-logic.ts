import { z } from "zod";
import { blockedFailure, defineEngine, EngineFailure } from "../engine.js";
import { unverifiable, verified, type Verdict } from "../verdict.js";
import { modelValues, reasonUnknown } from "./model.js";
import { parseSExpr, SEXPR_LIMITS } from "./sexpr.js";
import { inferSorts, VARIABLE_PATTERN, type Sort } from "./sorts.js";
import { getValues, smtScript } from "./to-smtlib.js";
import { buildFormula, type Term } from "./typed.js";
import { SolverBusy, SolverOverran, withSolver } from "./z3-runtime.js";

/** Default and largest solver time per query, in milliseconds. */
export const LOGIC_TIMEOUT_MS = { default: 2_000, max: 10_000 } as const;
/** Extra wall time allowed beyond the solver's own timeout before the engine gives up, in milliseconds. */
const GRACE_MS = 2_000;

export const LogicInputSchema = z.strictObject({
  /** An S-expression formula such as (AND (GT x 5) (LT x 3)). Max 10000 chars. */
  expression: z.string().min(1).max(SEXPR_LIMITS.maxChars),
  /** Sorts of free variables; undeclared ones are inferred (see inferSorts). Default: none. */
  declarations: z.record(z.string().regex(VARIABLE_PATTERN), z.enum(["Int", "Real", "Bool"])).optional(),
  /** Solver timeout in milliseconds. Default 2000, max 10000. */
  timeout_ms: z.number().int().min(1).max(LOGIC_TIMEOUT_MS.max).optional(),
});
export type LogicInput = z.input<typeof LogicInputSchema>;

/** Satisfiability with Z3: SAT is VERIFIED with a model, UNSAT is UNVERIFIABLE, unknown is TIMEOUT. */
export const verifyLogic = defineEngine("logic", LogicInputSchema, async (input): Promise<Verdict> => {
  const expr = parseSExpr(input.expression);
  const sorts = inferSorts(expr, (input.declarations ?? {}) as Record<string, Sort>);
  const term = buildFormula(expr, sorts);
  const timeoutMs = input.timeout_ms ?? LOGIC_TIMEOUT_MS.default;
  return solve(term, sorts, timeoutMs).catch((error: unknown) => {
    if (error instanceof EngineFailure) throw error;
    throw blockedFailure(
      "SOLVER_UNAVAILABLE",
      `the Z3 solver failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
});

/**
 * One query in a context of its own (z3-runtime.ts): check-sat, then the model's values for a SAT
 * answer or Z3's reason for an unknown. A query waits for the ones ahead of it at most as long as it
 * may run (`timeout_ms` plus the grace period), and both ends give a TIMEOUT verdict with its reason.
 */
async function solve(term: Term, sorts: ReadonlyMap<string, Sort>, timeoutMs: number): Promise<Verdict> {
  const script = smtScript(term, sorts);
  const budgetMs = timeoutMs + GRACE_MS;
  const base = { sorts: Object.fromEntries(sorts), timeout_ms: timeoutMs };
  try {
    return await withSolver({ timeoutMs, waitMs: budgetMs, deadlineMs: budgetMs }, async (z3) => {
      const result = (await z3.run(script.check)).trim();
      if (result === "sat") {
        const model = script.free.length === 0 ? {} : modelValues(await z3.run(getValues(script.free)), script.free);
        return verified(`satisfiable: ${JSON.stringify(model)}`, {
          ...base,
          result,
          model,
          meaning: "the formula is satisfiable; model is one satisfying assignment of its free variables",
        });
      }
      if (result === "unsat")
        return unverifiable("UNSAT", "the formula is unsatisfiable: no assignment makes it true", { ...base, result });
      if (result !== "unknown") throw new Error(`Z3 answered check-sat with ${JSON.stringify(result.slice(0, 200))}`);
      const why = reasonUnknown(await z3.run("(get-info :reason-unknown)"));
      return unverifiable("TIMEOUT", `the solver could not decide within ${timeoutMs} ms (${why})`, {
        ...base,
        result,
        reason_unknown: why,
      });
    });
  } catch (error) {
    if (error instanceof SolverBusy) {
      const why = `the solver stayed busy with other queries for ${budgetMs} ms`;
      return unverifiable("TIMEOUT", `the solver could not take the query (${why})`, {
        ...base,
        result: "busy",
        reason_unknown: why,
      });
    }
    if (!(error instanceof SolverOverran)) throw error;
    const why = `no answer within ${budgetMs} ms`;
    return unverifiable("TIMEOUT", `the solver could not decide within ${timeoutMs} ms (${why})`, {
      ...base,
      result: "timeout",
      reason_unknown: why,
    });
  }
}

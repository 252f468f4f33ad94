import { z } from "zod";
import { blockedFailure, defineEngine } from "../engine.js";
import { unverifiable, verified, type Verdict } from "../verdict.js";
import { modelValues } from "./model.js";
import { parseSExpr, SEXPR_LIMITS } from "./sexpr.js";
import { inferSorts, VARIABLE_PATTERN, type Sort } from "./sorts.js";
import { Z3Translator } from "./to-z3.js";
import { buildFormula, type Term } from "./typed.js";
import { initZ3, type Z3Handle } from "./z3-runtime.js";

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
  return solve(await solver(), term, Object.fromEntries(sorts), timeoutMs);
});

async function solver(): Promise<Z3Handle> {
  try {
    return await initZ3();
  } catch (error) {
    throw blockedFailure("SOLVER_UNAVAILABLE", `the Z3 solver could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Z3 objects live in the WASM heap, which never shrinks; the bindings free them only when the
 * garbage collector finalises their JS wrappers, and a small JS heap rarely collects. So the
 * solver and the model are released as soon as they are done with (the solver only once its
 * check has settled: a check past its deadline still runs on Z3's thread). Without this the api
 * grew by about 5 MiB/s under a steady logic load and was OOM-killed in the soak.
 */
async function solve({ ctx }: Z3Handle, term: Term, sorts: Record<string, Sort>, timeoutMs: number): Promise<Verdict> {
  const translator = new Z3Translator(ctx);
  const solver = new ctx.Solver();
  const check = (async () => {
    solver.set("timeout", timeoutMs);
    solver.add(translator.formula(term));
    return solver.check();
  })();
  try {
    const result = await withDeadline(check, timeoutMs + GRACE_MS);
    const base = { sorts, timeout_ms: timeoutMs, result };
    if (result === "sat") {
      const z3Model = solver.model();
      try {
        const model = modelValues(ctx, z3Model, translator.free);
        return verified(`satisfiable: ${JSON.stringify(model)}`, { ...base, model, meaning: "the formula is satisfiable; model is one satisfying assignment of its free variables" });
      } finally {
        z3Model.release();
      }
    }
    if (result === "unsat") return unverifiable("UNSAT", "the formula is unsatisfiable: no assignment makes it true", base);
    const why = result === "unknown" ? solver.reasonUnknown() : `no answer within ${timeoutMs + GRACE_MS} ms`;
    return unverifiable("TIMEOUT", `the solver could not decide within ${timeoutMs} ms (${why})`, { ...base, reason_unknown: why });
  } finally {
    void check.catch(() => undefined).finally(() => solver.release());
  }
}

/** Resolves "timeout" if Z3 overruns its own timeout by more than the grace period. */
async function withDeadline(check: Promise<"sat" | "unsat" | "unknown">, ms: number): Promise<"sat" | "unsat" | "unknown" | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms)));
  try {
    return await Promise.race([check, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

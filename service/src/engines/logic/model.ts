import type { Context, Expr, Model } from "z3-solver";

type Ctx = Context<"verifier">;

/** A model as variable -> value text: integers "-3", rationals "1/3", booleans "true"; other values in SMT-LIB form. */
export function modelValues(ctx: Ctx, model: Model<"verifier">, free: ReadonlyMap<string, Expr<"verifier">>): Record<string, string> {
  const entries = [...free.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([name, variable]) => [name, valueText(ctx, model.eval(variable, true))]));
}

function valueText(ctx: Ctx, value: Expr<"verifier">): string {
  if (ctx.isIntVal(value)) return value.value().toString();
  if (ctx.isRealVal(value)) {
    const { numerator, denominator } = value.value();
    return denominator === 1n ? numerator.toString() : `${numerator}/${denominator}`;
  }
  if (ctx.isTrue(value)) return "true";
  if (ctx.isFalse(value)) return "false";
  return value.sexpr();
}

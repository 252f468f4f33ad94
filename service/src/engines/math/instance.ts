import { all, create, type MathNode } from "mathjs";
import { MATH_LIMITS } from "./limits.js";

/**
 * A private mathjs instance: literals parse as BigNumber (exact decimals) and BigNumber functions
 * work at MATH_LIMITS.precisionDigits. Only `parse` and typed numeric functions are used; the
 * expression evaluator never runs on user input. As mathjs's security guide advises, the functions
 * that alter the instance or parse nested input are disabled all the same.
 */
export const math = create(all as NonNullable<typeof all>, { number: "BigNumber", precision: MATH_LIMITS.precisionDigits });

const parseOnce = math.parse;

const DISABLED = ["import", "createUnit", "evaluate", "parse", "simplify", "derivative", "compile", "resolve", "reviver"];

function disabled(name: string) {
  return () => {
    throw new Error(`mathjs function ${name} is disabled in the verification engine`);
  };
}

math.import(Object.fromEntries(DISABLED.map((name) => [name, disabled(name)])), { override: true });

/** Parses one side of a claim into a mathjs tree (throws mathjs's SyntaxError on bad input). */
export function parseTree(text: string): MathNode {
  return parseOnce(text);
}

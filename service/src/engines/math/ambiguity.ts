import type { MathNode } from "mathjs";
import { math } from "./instance.js";

/** An implicit product next to a division, with its two readings written with explicit parentheses. */
export type Ambiguity = { text: string; readings: [string, string] };

/**
 * Finds `a/b(c)` and `a/b c`: whether the implicit product binds tighter than the division is a
 * convention that calculators disagree on, so neither reading is chosen for the user.
 */
export function findAmbiguity(node: MathNode): Ambiguity | null {
  const found = node.filter((n) => isImplicitAfterDivision(n) || isDivisionOfImplicit(n))[0];
  return found === undefined ? null : describe(found as MathNode & { args: MathNode[] });
}

const isImplicit = (n: MathNode): n is MathNode & { args: MathNode[] } =>
  math.isOperatorNode(n) && n.fn === "multiply" && n.implicit;

const isDivision = (n: MathNode): n is MathNode & { args: MathNode[] } => math.isOperatorNode(n) && n.fn === "divide";

const isImplicitAfterDivision = (n: MathNode) => isImplicit(n) && isDivision(n.args[0]!);
const isDivisionOfImplicit = (n: MathNode) => isDivision(n) && isImplicit(n.args[1]!);

function describe(n: MathNode & { args: MathNode[] }): Ambiguity {
  const [first, second] = n.args as [MathNode & { args: MathNode[] }, MathNode & { args: MathNode[] }];
  const [a, b, c] = isDivision(n)
    ? [first, second.args[0]!, second.args[1]!]
    : [first.args[0]!, first.args[1]!, second];
  return { text: n.toString(), readings: [`(${a} / ${b}) * ${c}`, `${a} / (${b} * ${c})`] };
}

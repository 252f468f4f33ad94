import type { MathNode } from "mathjs";
import { math } from "./instance.js";
import { CONSTANTS } from "./limits.js";

const constants: ReadonlySet<string> = new Set(CONSTANTS);

/** Free variables of a whitelisted tree, sorted; function names and the constants pi and e excluded. */
export function freeSymbols(node: MathNode): string[] {
  const found = new Set<string>();
  collect(node, found);
  return [...found].sort();
}

function collect(node: MathNode, found: Set<string>): void {
  if (math.isSymbolNode(node) && !constants.has(node.name)) found.add(node.name);
  if (math.isOperatorNode(node) || math.isFunctionNode(node)) for (const arg of node.args) collect(arg, found);
  if (math.isParenthesisNode(node)) collect(node.content, found);
}

import type { MathNode } from "mathjs";
import { blockedFailure } from "../engine.js";
import { FUNCTIONS } from "./functions.js";
import { math } from "./instance.js";
import { CONSTANTS, MATH_LIMITS, SYMBOL_PATTERN } from "./limits.js";

const OPERATORS = new Set(["add", "subtract", "multiply", "divide", "pow", "unaryMinus", "unaryPlus"]);
const constants: ReadonlySet<string> = new Set(CONSTANTS);

type Walk = { nodes: number };

const unsafe = (what: string) =>
  blockedFailure(
    "UNSAFE_INPUT",
    `${what} is not allowed; allowed: numbers, symbols, + - * / ^, parentheses and ${Object.keys(FUNCTIONS).join(" ")}`,
  );

/** Refuses, before any evaluation, every node outside the whitelist and trees over the size bounds. */
export function checkWhitelist(node: MathNode): void {
  visit(node, 0, { nodes: 0 });
}

function visit(node: MathNode, depth: number, walk: Walk): void {
  walk.nodes += 1;
  if (walk.nodes > MATH_LIMITS.maxNodes || depth > MATH_LIMITS.maxDepth) {
    throw blockedFailure(
      "TOO_COMPLEX",
      `expression exceeds ${MATH_LIMITS.maxNodes} nodes or nesting depth ${MATH_LIMITS.maxDepth}`,
    );
  }
  checkNode(node);
  for (const child of children(node)) visit(child, depth + 1, walk);
}

function checkNode(node: MathNode): void {
  if (math.isConstantNode(node)) {
    if (!math.isBigNumber(node.value)) throw unsafe(`constant ${JSON.stringify(String(node.value))} (only numbers)`);
  } else if (math.isSymbolNode(node)) {
    checkSymbol(node.name);
  } else if (math.isOperatorNode(node)) {
    if (!OPERATORS.has(node.fn)) throw unsafe(`operator "${node.op}"`);
  } else if (math.isFunctionNode(node)) {
    const callee: MathNode = node.fn;
    if (!math.isSymbolNode(callee)) throw unsafe(`call of "${callee.toString()}"`);
    checkFunction(node.fn.name, node.args.length);
  } else if (!math.isParenthesisNode(node)) {
    throw unsafe(`${node.type} ("${node.toString()}")`);
  }
}

function checkSymbol(name: string): void {
  if (constants.has(name)) return;
  if (!SYMBOL_PATTERN.test(name)) throw unsafe(`symbol "${name}" (a letter then up to 7 letters or digits)`);
  if (name in FUNCTIONS || name in math) throw unsafe(`symbol "${name}", a reserved mathjs name,`);
}

function checkFunction(name: string, arity: number): void {
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (spec === undefined) throw unsafe(`function "${name}" (for a product write ${name}*(...))`);
  const [min, max] = spec.arity;
  if (arity < min || arity > max) {
    throw blockedFailure(
      "PARSE_ERROR",
      `function ${name} takes ${min === max ? min : `${min} to ${max}`} argument(s); received ${arity}`,
    );
  }
}

function children(node: MathNode): MathNode[] {
  if (math.isOperatorNode(node) || math.isFunctionNode(node)) return node.args;
  if (math.isParenthesisNode(node)) return [node.content];
  return [];
}

import type { BigNumber, MathNode } from "mathjs";
import { blockedFailure } from "../engine.js";
import { add, divide, multiply, negate, power, subtract } from "./arith.js";
import { FUNCTIONS } from "./functions.js";
import { math } from "./instance.js";
import { approx, fromDecimal, type Num } from "./value.js";

/** Values of free symbols at the point being evaluated. */
export type Env = ReadonlyMap<string, Num>;

const BINARY: Record<string, (a: Num, b: Num) => Num> = { add, subtract, multiply, divide, pow: power };

/**
 * Evaluates a whitelisted tree (see checkWhitelist) with exact rationals where possible. The tree is
 * walked here rather than compiled by mathjs so that exactness, domain and size are decided per step.
 */
export function evaluate(node: MathNode, env: Env): Num {
  if (math.isConstantNode(node)) return fromDecimal(math.bignumber(node.value as never));
  if (math.isSymbolNode(node)) return symbolValue(node.name, env);
  if (math.isParenthesisNode(node)) return evaluate(node.content, env);
  if (math.isFunctionNode(node))
    return callFunction(
      node.fn.name,
      node.args.map((arg) => evaluate(arg, env)),
    );
  if (math.isOperatorNode(node))
    return operate(
      node.fn,
      node.args.map((arg) => evaluate(arg, env)),
    );
  throw blockedFailure("UNSAFE_INPUT", `node ${node.type} cannot be evaluated`);
}

function symbolValue(name: string, env: Env): Num {
  if (name === "pi") return approx(math.pi as unknown as BigNumber);
  if (name === "e") return approx(math.e as unknown as BigNumber);
  const value = env.get(name);
  if (value === undefined) throw blockedFailure("UNDEFINED_RESULT", `symbol ${name} has no value`);
  return value;
}

function callFunction(name: string, args: Num[]): Num {
  const spec = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (spec === undefined) throw blockedFailure("UNSAFE_INPUT", `function ${name} is not allowed`);
  return spec.apply(args);
}

function operate(fn: string, args: Num[]): Num {
  if (fn === "unaryMinus") return negate(args[0]!);
  if (fn === "unaryPlus") return args[0]!;
  const binary = BINARY[fn];
  if (binary === undefined || args.length < 2) throw blockedFailure("UNSAFE_INPUT", `operator ${fn} is not allowed`);
  return args.slice(1).reduce(binary, args[0]!);
}

import { createRequire } from "node:module";
import type { MathNode } from "mathjs";
import { MATH_LIMITS } from "./limits.js";

/**
 * The engine's mathjs instance: literals parse as BigNumber (exact decimals) and BigNumber functions
 * work at MATH_LIMITS.precisionDigits. Only `parse` and typed numeric functions are used; the
 * expression evaluator never runs on user input. As mathjs's security guide advises, the functions
 * that alter the instance or parse nested input are disabled all the same.
 *
 * It is the default instance of mathjs's single-file build (an entry point the package exports):
 * the same library and version, read in about 0.14 s instead of about 1.7 s for its hundreds of ES
 * modules, which was most of the api's boot and so most of a replica's time back after a crash.
 * Nothing else loads that file, so configuring its instance here makes it this engine's own. The
 * build exposes no factories, hence `config` on its instance rather than `create(all, …)`.
 */
type MathJs = import("mathjs").MathJsInstance;
export const math: MathJs = createRequire(import.meta.url)("mathjs/lib/browser/math.js") as MathJs;
math.config({ number: "BigNumber", precision: MATH_LIMITS.precisionDigits });

const parseOnce = math.parse;

const DISABLED = [
  "import",
  "createUnit",
  "evaluate",
  "parse",
  "simplify",
  "derivative",
  "compile",
  "resolve",
  "reviver",
];

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

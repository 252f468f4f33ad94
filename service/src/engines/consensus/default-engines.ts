import { lookupOperator } from "../logic/operators.js";
import { verifyLogic } from "../logic/verify-logic.js";
import { verifyMath } from "../math/verify-math.js";
import { matchPhrasing } from "../nl/phrasings.js";
import type { Translator } from "../nl/translator.js";
import type { EngineRun } from "../engine.js";
import { verifyNaturalLanguage } from "../nl/verify-nl.js";
import type { ConsensusEngine, ConsensusInput } from "./verify-consensus.js";

const SEXPR_HEAD = /^\s*\(\s*([A-Za-z]+)[\s()]/;
const MATH_CHARS = /^[0-9A-Za-z\s+\-*/^().,=×÷−]+$/;

const textOf = (input: ConsensusInput) => ("query" in input ? input.query : input.expression);
/** `(AND ...`, `(and ...` or any upper-case head such as `(IMPORT ...` (refused there as UNKNOWN_OPERATOR); `(x + 1)` is math. */
function looksLogical(text: string): boolean {
  const head = SEXPR_HEAD.exec(text)?.[1];
  return head !== undefined && (lookupOperator(head) !== undefined || head === head.toUpperCase());
}
const looksMathematical = (text: string) =>
  MATH_CHARS.test(text) && /[\d=+\-*/^]/.test(text) && !/\b(is|what|the|of|equal)\b/i.test(text);

/** The math and logic engines as the API runs them (engine threads); default: in this thread. */
export type ConsensusDeps = { translator?: Translator; math?: EngineRun; logic?: EngineRun };

/**
 * Which engines look at which input: logic takes S-expressions, math takes formula-like text (an
 * expression, or a query that is itself a formula), the natural-language engine takes queries it can
 * parse (or any query when a translator is configured).
 */
export function defaultConsensusEngines(deps: ConsensusDeps = {}): ConsensusEngine[] {
  const math = deps.math ?? ((input) => verifyMath(input as never, undefined));
  const logic = deps.logic ?? ((input) => verifyLogic(input as never, undefined));
  return [
    {
      name: "math",
      applies: (i) => !looksLogical(textOf(i)) && ("expression" in i || looksMathematical(i.query)),
      run: (i) => math({ expression: textOf(i) }),
    },
    {
      name: "logic",
      applies: (i) => "expression" in i && looksLogical(i.expression),
      run: (i) => logic({ expression: textOf(i) }),
    },
    {
      name: "nl",
      applies: (i) => "query" in i && (deps.translator !== undefined || matchPhrasing(i.query) !== null),
      run: (i) => verifyNaturalLanguage({ query: textOf(i) }, deps),
    },
  ];
}

import { lookupOperator } from "../logic/operators.js";
import { verifyLogic } from "../logic/verify-logic.js";
import { verifyMath } from "../math/verify-math.js";
import { matchPhrasing } from "../nl/phrasings.js";
import type { Translator } from "../nl/translator.js";
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

/**
 * Which engines look at which input: logic takes S-expressions, math takes formula-like text (an
 * expression, or a query that is itself a formula), the natural-language engine takes queries it can
 * parse (or any query when a translator is configured).
 */
export function defaultConsensusEngines(deps: { translator?: Translator } = {}): ConsensusEngine[] {
  return [
    {
      name: "math",
      applies: (i) => !looksLogical(textOf(i)) && ("expression" in i || looksMathematical(i.query)),
      run: (i) => verifyMath({ expression: textOf(i) }, undefined),
    },
    {
      name: "logic",
      applies: (i) => "expression" in i && looksLogical(i.expression),
      run: (i) => verifyLogic({ expression: textOf(i) }, undefined),
    },
    {
      name: "nl",
      applies: (i) => "query" in i && (deps.translator !== undefined || matchPhrasing(i.query) !== null),
      run: (i) => verifyNaturalLanguage({ query: textOf(i) }, deps),
    },
  ];
}

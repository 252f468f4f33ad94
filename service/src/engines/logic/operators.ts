/** How an operator's arguments and result are typed. */
export type OperatorKind = "connective" | "quantifier" | "equality" | "comparison" | "arithmetic";

export type OperatorSpec = { kind: OperatorKind; min: number; max: number };

const spec = (kind: OperatorKind, min: number, max = min): OperatorSpec => ({ kind, min, max });
const MANY = Number.POSITIVE_INFINITY;

/** The whitelist: anything else at the head of a list is BLOCKED UNKNOWN_OPERATOR. Heads are case-insensitive. */
export const OPERATORS: Readonly<Record<string, OperatorSpec>> = {
  AND: spec("connective", 1, MANY),
  OR: spec("connective", 1, MANY),
  NOT: spec("connective", 1),
  IMPLIES: spec("connective", 2),
  IFF: spec("connective", 2),
  XOR: spec("connective", 2),
  FORALL: spec("quantifier", 2),
  EXISTS: spec("quantifier", 2),
  EQ: spec("equality", 2),
  NEQ: spec("equality", 2),
  GT: spec("comparison", 2),
  LT: spec("comparison", 2),
  GTE: spec("comparison", 2),
  LTE: spec("comparison", 2),
  PLUS: spec("arithmetic", 1, MANY),
  MINUS: spec("arithmetic", 1, MANY), // one argument: negation
  MULT: spec("arithmetic", 1, MANY),
  DIV: spec("arithmetic", 2), // integer division when both sides are Int, else real division
  MOD: spec("arithmetic", 2), // Int only
  POW: spec("arithmetic", 2),
};

export const lookupOperator = (head: string): OperatorSpec | undefined =>
  Object.hasOwn(OPERATORS, head.toUpperCase()) ? OPERATORS[head.toUpperCase()] : undefined;

export const arityText = ({ min, max }: OperatorSpec) =>
  min === max ? `exactly ${min}` : max === MANY ? `at least ${min}` : `${min} to ${max}`;

/** Where a recognised phrasing is routed, with the numbers it carried. */
export type Route =
  | { kind: "math"; phrasing: string; expression: string }
  | { kind: "mean"; phrasing: string; values: number[]; claimed: number }
  | {
      kind: "compound";
      phrasing: string;
      principal: number;
      ratePercent: number;
      years: number;
      periodsPerYear: number;
      claimed: number;
    };

const NUM = String.raw`(-?\d+(?:\.\d+)?)`;
const LIST = String.raw`(-?\d+(?:\.\d+)?(?:\s*,\s*-?\d+(?:\.\d+)?)*(?:,?\s+and\s+-?\d+(?:\.\d+)?)?)`;
const ASK = String.raw`(?:what is|what's|calculate|compute|evaluate)`;
const IS = String.raw`(?:is equal to|equal to|equals|is|=)`;
const PERIODS: Record<string, number> = {
  annually: 1,
  yearly: 1,
  "semi-annually": 2,
  semiannually: 2,
  quarterly: 4,
  monthly: 12,
  daily: 365,
};

type Pattern = { name: string; regex: RegExp; route: (m: string[]) => Route };

const num = (text: string | undefined) => Number(text);
const list = (text: string) =>
  text
    .split(/\s*,\s*|\s+and\s+|,\s*and\s+/)
    .filter((s) => s !== "")
    .map(Number);

/** Ordered: the first match wins, so specific phrasings come before the generic "is X equal to Y". */
const PATTERNS: Pattern[] = [
  {
    name: "square-root",
    regex: new RegExp(`^(?:${ASK} )?the square root of ${NUM}$`),
    route: (m) => math("square-root", `sqrt(${m[1]})`),
  },
  {
    name: "square-root-claim",
    regex: new RegExp(`^(?:is )?the square root of ${NUM} ${IS} ${NUM}$`),
    route: (m) => math("square-root-claim", `sqrt(${m[1]}) = ${m[2]}`),
  },
  {
    name: "percent-claim",
    regex: new RegExp(`^(?:is )?${NUM}\\s*(?:%|percent) of ${NUM} ${IS} ${NUM}$`),
    route: (m) => math("percent-claim", `${m[1]} / 100 * ${m[2]} = ${m[3]}`),
  },
  {
    name: "percent",
    regex: new RegExp(`^${ASK} ${NUM}\\s*(?:%|percent) of ${NUM}$`),
    route: (m) => math("percent", `${m[1]} / 100 * ${m[2]}`),
  },
  {
    name: "average-claim",
    regex: new RegExp(`^(?:is )?the (?:average|mean) of ${LIST} ${IS} ${NUM}$`),
    route: (m) => ({ kind: "mean", phrasing: "average-claim", values: list(m[1]!), claimed: num(m[2]) }),
  },
  {
    name: "average",
    regex: new RegExp(`^${ASK} the (?:average|mean) of ${LIST}$`),
    route: (m) => math("average", `(${list(m[1]!).join(" + ")}) / ${list(m[1]!).length}`),
  },
  {
    name: "compound-interest",
    regex: new RegExp(
      `^(?:is )?(?:the )?compound interest on ${NUM} at ${NUM}\\s*(?:%|percent) for ${NUM} years?(?: compounded (${Object.keys(PERIODS).join("|")}))? ${IS} ${NUM}$`,
    ),
    route: compound,
  },
  {
    name: "equality-question",
    regex: /^(?:is|does) (.+?) (?:equal to|equal|equals|=) (.+)$/,
    route: (m) => math("equality-question", `${m[1]} = ${m[2]}`),
  },
  {
    name: "equality-statement",
    regex: /^(.+?) (?:equals|is equal to) (.+)$/,
    route: (m) => math("equality-statement", `${m[1]} = ${m[2]}`),
  },
  { name: "evaluate", regex: new RegExp(`^${ASK} (.+)$`), route: (m) => math("evaluate", m[1]!) },
];

function math(phrasing: string, expression: string): Route {
  return { kind: "math", phrasing, expression };
}

function compound(m: string[]): Route {
  return {
    kind: "compound",
    phrasing: "compound-interest",
    principal: num(m[1]),
    ratePercent: num(m[2]),
    years: num(m[3]),
    periodsPerYear: PERIODS[m[4] ?? "annually"]!,
    claimed: num(m[5]),
  };
}

/** Lower-cases, trims, drops a final `?`, `.` or `!` and collapses spaces. */
export const normalizeQuery = (query: string) =>
  query
    .trim()
    .toLowerCase()
    .replace(/[?.!]+$/, "")
    .replace(/\s+/g, " ")
    .trim();

/** The route of the first phrasing that matches the whole normalised query, or null. */
export function matchPhrasing(query: string): Route | null {
  const text = normalizeQuery(query);
  for (const pattern of PATTERNS) {
    const m = pattern.regex.exec(text);
    if (m !== null) return pattern.route([...m].map((s) => s ?? ""));
  }
  return null;
}

/** Names of the recognised phrasings, for the message of an unrecognised query. */
export const PHRASING_EXAMPLES = [
  "what is the square root of 16",
  "is 15% of 200 equal to 30",
  "what is 20 percent of 50",
  "the average of 3, 4 and 5 is 4",
  "compound interest on 1000 at 5% for 3 years compounded annually is 1157.63",
  "is 2+2 equal to 4",
  "what is 2^10",
];

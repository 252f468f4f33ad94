/**
 * Reading what Z3's SMT-LIB front end prints: the answer to (get-value ...) as variable -> value text
 * (integers "-3", rationals "1/3", booleans "true", any other value in SMT-LIB form) and the reason of
 * an "unknown". The input is Z3's output, never the client's.
 */
type Node = string | Node[];

const TOKENS = /\(|\)|"(?:[^"]|"")*"|\|[^|]*\||[^\s()]+/g;

function readSExprs(output: string): Node[] {
  const stack: Node[][] = [[]];
  for (const [token] of output.matchAll(TOKENS)) {
    if (token === "(") stack.push([]);
    else if (token === ")") {
      const done = stack.pop();
      if (done === undefined || stack.length === 0)
        throw new Error(`Z3 printed an unbalanced ')': ${output.slice(0, 200)}`);
      stack.at(-1)!.push(done);
    } else stack.at(-1)!.push(token);
  }
  if (stack.length !== 1) throw new Error(`Z3 printed an unbalanced '(': ${output.slice(0, 200)}`);
  return stack[0]!;
}

/** The (get-value ...) answer: ((x 6) (p true)), pairs in the asked order. */
export function modelValues(output: string, free: string[]): Record<string, string> {
  const [pairs] = readSExprs(output);
  if (!Array.isArray(pairs) || pairs.length !== free.length)
    throw new Error(
      `Z3 answered get-value with ${JSON.stringify(output.slice(0, 200))}, expected ${free.length} pairs`,
    );
  return Object.fromEntries(free.map((name, i) => [name, valueText((pairs[i] as Node[])[1]!)]));
}

/** The reason in (:reason-unknown "timeout"). */
export function reasonUnknown(output: string): string {
  const [info] = readSExprs(output);
  const reason = Array.isArray(info) ? info[1] : undefined;
  return typeof reason === "string" ? reason.replace(/^"|"$/g, "").replaceAll('""', '"') : output.trim();
}

function valueText(value: Node): string {
  if (typeof value === "string") return /^\d+\.0$/.test(value) ? value.slice(0, -2) : value;
  const [head, ...args] = value;
  if (head === "-" && args.length === 1) return negate(valueText(args[0]!));
  if (head === "/" && args.length === 2 && args.every((a) => typeof a === "string" && /^\d+(\.0)?$/.test(a))) {
    return `${valueText(args[0]!)}/${valueText(args[1]!)}`;
  }
  return printed(value);
}

const negate = (text: string): string => (/^[\d/]+$/.test(text) ? `-${text}` : `(- ${text})`);
const printed = (value: Node): string => (typeof value === "string" ? value : `(${value.map(printed).join(" ")})`);

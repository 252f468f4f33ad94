/**
 * Intent rules on word classes: "an override verb, then an orders noun within five words" catches
 * "set aside whatever you were instructed before" that no fixed phrase lists.
 */
const PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bset aside\b/g, "setaside"],
  [/\bsystem (?:prompt|message|instructions)\b/g, "systemprompt"],
  [/\bno longer\b/g, "nolonger"],
  [/\bword for word\b/g, "verbatim"],
  [/\bwhat(?:'s| is| are| was| were)\b/g, "whatis"],
];

const CLASSES = {
  override:
    "ignore ignoring disregard disregarding forget overlook neglect bypass override discard abandon cancel setaside drop skip void",
  orders:
    "instructions instruction instructed prompt prompts systemprompt directives guidelines programming rules commands",
  leak: "reveal print show repeat output display disclose leak dump recite whatis tell quote",
  target: "systemprompt prompt instructions programming",
  freed: "nolonger not never unbound free freed",
  bound: "bound restricted constrained limited governed",
  limits: "guidelines rules restrictions policies programming filters instructions",
  force: "respond reply output return say mark label classify report answer",
  verdict: "verified",
  always: "only always any every regardless whatever all",
} as const;

type WordClass = keyof typeof CLASSES;
const MEMBERS = Object.fromEntries(
  Object.entries(CLASSES).map(([name, words]) => [name, new Set(words.split(" "))]),
) as Record<WordClass, Set<string>>;

export interface ProximityRule {
  id: string;
  /** Word classes that must occur in this order, each within `window` words of the previous. */
  sequence: readonly WordClass[];
  window: number;
}

export const PROXIMITY_RULES: readonly ProximityRule[] = [
  { id: "override-then-orders", sequence: ["override", "orders"], window: 5 },
  { id: "leak-then-target", sequence: ["leak", "target"], window: 4 },
  { id: "freed-bound-limits", sequence: ["freed", "bound", "limits"], window: 3 },
  { id: "force-always-verdict", sequence: ["force", "always", "verdict"], window: 4 },
  { id: "force-verdict-always", sequence: ["force", "verdict", "always"], window: 4 },
];

/** Words of normalised text with the known multi-word phrases joined. */
export function phraseWords(text: string): string[] {
  const joined = PHRASES.reduce((current, [phrase, word]) => current.replace(phrase, word), text);
  return joined.match(/[a-z']+/g) ?? [];
}

/** The id of the first rule whose classes occur in order, close enough, in `words`. */
export function matchProximity(words: readonly string[]): string | undefined {
  return PROXIMITY_RULES.find((rule) => followsFrom(words, rule, 0, -1))?.id;
}

function followsFrom(words: readonly string[], rule: ProximityRule, step: number, after: number): boolean {
  if (step === rule.sequence.length) return true;
  const members = MEMBERS[rule.sequence[step]!];
  const last = step === 0 ? words.length - 1 : Math.min(words.length - 1, after + rule.window);
  for (let i = after + 1; i <= last; i += 1) {
    if (members.has(words[i]!) && followsFrom(words, rule, step + 1, i)) return true;
  }
  return false;
}

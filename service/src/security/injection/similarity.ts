import { distance } from "fastest-levenshtein";

/** Words that carry no intent; dropping them makes "ignore all the previous" match "ignore previous". */
const STOP_WORDS = new Set(
  (
    "a an the all any every each of to and or but in on at for from with by as is are be been was were this that these those " +
    "it its your my our their you i me we us please now just only so then also here there very really actually"
  ).split(" "),
);
/** Interchangeable words of attack phrasing folded to one, so a paraphrase still shares bigrams. */
const SYNONYMS: Readonly<Record<string, string>> = {
  disregard: "ignore",
  forget: "ignore",
  neglect: "ignore",
  discard: "ignore",
  bypass: "ignore",
  override: "ignore",
  prior: "previous",
  earlier: "previous",
  preceding: "previous",
  above: "previous",
  foregoing: "previous",
  instruction: "instructions",
  command: "commands",
  directions: "instructions",
  directives: "instructions",
  directive: "instructions",
  guidelines: "instructions",
  guidance: "instructions",
  prompts: "prompt",
  reveal: "show",
  print: "show",
  display: "show",
  output: "show",
  disclose: "show",
  leak: "show",
  dump: "show",
};

/** Content words of normalised (and typo-snapped) text, synonyms folded. */
export function contentWords(text: string): string[] {
  return (text.match(/[a-z0-9]+/g) ?? []).filter((word) => !STOP_WORDS.has(word)).map((word) => SYNONYMS[word] ?? word);
}

/** Every distinct word of normalised text (the snapping vocabulary of the corpus). */
export function wordsOf(text: string): string[] {
  return text.match(/[a-z]+/g) ?? [];
}

export function bigrams(words: readonly string[]): Set<string> {
  const pairs = new Set<string>();
  for (let i = 1; i < words.length; i += 1) pairs.add(`${words[i - 1]} ${words[i]}`);
  return pairs;
}

/** Share of `attack`'s bigrams found in `text`'s: 1 when the attack is embedded whole, even in a long text. */
export function containment(attack: ReadonlySet<string>, text: ReadonlySet<string>): number {
  if (attack.size === 0) return 0;
  let shared = 0;
  for (const pair of attack) if (text.has(pair)) shared += 1;
  return shared / attack.size;
}

/**
 * Replaces misspelt words by the corpus word they are one or two edits from ("ingore" →
 * "ignore"), so typos do not break bigrams. Short words must match exactly: too many collide.
 */
export class TypoSnapper {
  readonly #byLength = new Map<number, string[]>();
  readonly #known: Set<string>;

  constructor(vocabulary: Iterable<string>) {
    this.#known = new Set(vocabulary);
    for (const word of this.#known) this.#byLength.set(word.length, [...(this.#byLength.get(word.length) ?? []), word]);
  }

  /** `text` with each misspelt word replaced by its known neighbour. */
  snapText(text: string): string {
    return text.replace(/[a-z]+/g, (word) => this.snap(word));
  }

  snap(word: string): string {
    if (word.length < 5 || this.#known.has(word)) return word;
    const allowed = word.length >= 8 ? 2 : 1;
    for (let length = word.length - allowed; length <= word.length + allowed; length += 1) {
      const near = this.#byLength
        .get(length)
        ?.find((candidate) => distance(word, candidate) <= allowed || swapsOnePair(word, candidate));
      if (near) return near;
    }
    return word;
  }
}

/** One transposition of neighbours ("ingore" / "ignore"): one typo, though two Levenshtein edits. */
function swapsOnePair(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  const at = [...a].findIndex((char, i) => char !== b[i]);
  return at >= 0 && a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}

import { shippedCorpus, type CorpusEntry } from "./corpus.js";
import { decodedPayloads } from "./encoded-payloads.js";
import { joinSpelledOut, normaliseText, unleet } from "./normalise.js";
import type { InjectionModel } from "./model.js";
import { matchPattern, patternVocabulary } from "./patterns.js";
import { matchProximity, phraseWords } from "./proximity.js";
import { bigrams, containment, contentWords, TypoSnapper, wordsOf } from "./similarity.js";
import { shippedModel } from "./training.js";

export interface InjectionFinding {
  flagged: boolean;
  /** 1 for a pattern match, else the higher of the best corpus containment and the model's probability (0-1). */
  score: number;
  /** `pattern:<id>`, `corpus:<id>` or `model` for the best match; null when nothing came close. */
  match: string | null;
}

export interface DetectorOptions {
  /** Score from which text is flagged (INJECTION_THRESHOLD). */
  threshold: number;
  /** Default: the shipped corpus.json. */
  corpus?: readonly CorpusEntry[];
  /** Default: the model trained on the shipped examples (training.ts); null: patterns and corpus alone. */
  model?: InjectionModel | null;
}

/** Encodings are unwrapped at most this deep (base64 of hex of text), bounding the work per input. */
const MAX_DECODE_DEPTH = 2;
const NOTHING: InjectionFinding = { flagged: false, score: 0, match: null };

/** Pure and synchronous: normalises, unwraps encoded payloads, then tries patterns and the corpus. */
export class InjectionDetector {
  readonly #attacks: { id: string; pairs: Set<string> }[];
  readonly #snapper: TypoSnapper;

  constructor(private readonly options: DetectorOptions) {
    const corpus = options.corpus ?? shippedCorpus();
    const texts = corpus.map((entry) => ({ id: entry.id, text: normaliseText(entry.text) }));
    this.#snapper = new TypoSnapper([...texts.flatMap((entry) => wordsOf(entry.text)), ...patternVocabulary()]);
    this.#attacks = texts
      .map((entry) => ({ id: entry.id, pairs: bigrams(contentWords(entry.text)) }))
      .filter((entry) => entry.pairs.size >= 2);
  }

  inspect(raw: string, depth = 0): InjectionFinding {
    const base = normaliseText(raw);
    let best = NOTHING;
    for (const view of new Set([base, joinSpelledOut(unleet(base))])) best = better(best, this.inspectView(view));
    if (depth < MAX_DECODE_DEPTH) {
      for (const payload of decodedPayloads(raw.normalize("NFKC")))
        best = better(best, this.inspect(payload, depth + 1));
    }
    return best;
  }

  private inspectView(text: string): InjectionFinding {
    const snapped = this.#snapper.snapText(text);
    const pattern =
      matchPattern(text) ??
      matchPattern(snapped) ??
      matchProximity(phraseWords(text)) ??
      matchProximity(phraseWords(snapped));
    if (pattern) return { flagged: true, score: 1, match: `pattern:${pattern}` };
    const pairs = bigrams(contentWords(snapped));
    let best = NOTHING;
    for (const attack of this.#attacks) {
      const score = containment(attack.pairs, pairs);
      if (score > best.score) best = { flagged: score >= this.options.threshold, score, match: `corpus:${attack.id}` };
    }
    // The shipped model trains on first use (about 50 ms, once per process): the api asks for it right
    // after it listens (main.ts), so it is not on the boot path.
    const model = this.options.model === undefined ? shippedModel() : this.options.model;
    const probability = model?.probability(text) ?? 0;
    if (probability > best.score)
      best = { flagged: probability >= this.options.threshold, score: probability, match: "model" };
    return best;
  }
}

function better(a: InjectionFinding, b: InjectionFinding): InjectionFinding {
  return b.score > a.score ? b : a;
}

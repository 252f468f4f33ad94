import { conceptsOf } from "./concepts.js";
import { normaliseText } from "./normalise.js";

/** Hash buckets of the model's features: large enough that distinct features rarely share one. */
export const FEATURE_BUCKETS = 1 << 18;

const WORD = /[a-z0-9']+/g;

/** 32-bit FNV-1a of a feature name, folded into FEATURE_BUCKETS. */
function bucket(feature: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < feature.length; i += 1) {
    hash ^= feature.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % FEATURE_BUCKETS;
}

/**
 * The model's features of a text (after the detector's normalisation): its words, its word pairs, the
 * 4-letter pieces of each word (so "ignoriere", "ignora" and "ignore" share "ignor"), and the concepts it
 * names in any of five languages with each pair of them (concepts.ts), each once, as sorted bucket numbers.
 */
export function featuresOf(text: string): number[] {
  const normalised = normaliseText(text);
  const words = normalised.match(WORD) ?? [];
  const names = new Set<string>();
  const concepts = conceptsOf(normalised);
  concepts.forEach((concept, i) => {
    names.add(`k:${concept}`);
    for (const other of concepts.slice(i + 1)) names.add(`kk:${concept}+${other}`);
  });
  words.forEach((word, i) => {
    names.add(`w:${word}`);
    if (i > 0) names.add(`b:${words[i - 1]} ${word}`);
    const padded = ` ${word} `;
    for (let j = 0; j + 4 <= padded.length; j += 1) names.add(`c:${padded.slice(j, j + 4)}`);
  });
  return [...new Set([...names].map(bucket))].sort((a, b) => a - b);
}

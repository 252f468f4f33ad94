import { InjectionDetector } from "../../service/src/security/injection/detector.js";
import type { LabelledText } from "../../service/src/security/injection/generalisation.js";
import { InjectionModel, type Example, type TrainingOptions } from "../../service/src/security/injection/model.js";

/** Recall on attacks and false-positive rate on benign texts, with the counts they come from. */
export interface Rates {
  recall: number;
  falsePositiveRate: number;
  attacks: number;
  missed: number;
  benign: number;
  flagged: number;
}

/** Scores once per text; rates at any threshold come from the same scores. */
export function scored(detector: InjectionDetector, items: readonly LabelledText[]) {
  return items.map((item) => ({ ...item, score: detector.inspect(item.text).score }));
}

export function ratesAt(scores: ReturnType<typeof scored>, threshold: number): Rates {
  const attacks = scores.filter((s) => s.label === "attack");
  const benign = scores.filter((s) => s.label === "benign");
  const missed = attacks.filter((s) => s.score < threshold).length;
  const flagged = benign.filter((s) => s.score >= threshold).length;
  return {
    recall: round(attacks.length === 0 ? 1 : 1 - missed / attacks.length),
    falsePositiveRate: round(benign.length === 0 ? 0 : flagged / benign.length),
    attacks: attacks.length,
    missed,
    benign: benign.length,
    flagged,
  };
}

/** Rates per category (each category holds one label, so one of its two rates is empty). */
export function perCategory(scores: ReturnType<typeof scored>, threshold: number): Record<string, Rates> {
  const categories = [...new Set(scores.map((s) => `${s.label}/${s.category}`))].sort();
  return Object.fromEntries(
    categories.map((c) => [
      c,
      ratesAt(
        scores.filter((s) => `${s.label}/${s.category}` === c),
        threshold,
      ),
    ]),
  );
}

/**
 * k-fold cross-validation over `tune`: each fold is scored by a detector whose model learnt from
 * `always` and the other folds only. Folds are every k-th text in `tune`'s order.
 */
export function crossValidate(
  tune: readonly LabelledText[],
  always: readonly Example[],
  k: number,
  threshold: number,
  options?: TrainingOptions,
): Rates[] {
  return Array.from({ length: k }, (_, fold) => {
    const test = tune.filter((_, i) => i % k === fold);
    const train = tune.filter((_, i) => i % k !== fold).map((t) => ({ text: t.text, attack: t.label === "attack" }));
    const model = InjectionModel.train([...always, ...train], options);
    return ratesAt(scored(new InjectionDetector({ threshold, model }), test), threshold);
  });
}

export const round = (x: number): number => Math.round(x * 1000) / 1000;

import { shippedCorpus } from "./corpus.js";
import { shippedEvaluationSet } from "./evaluation.js";
import { generalisationSplit } from "./generalisation.js";
import { InjectionModel, type Example } from "./model.js";

/**
 * What the shipped model learns from: the tune part of generalisation.json (never its held-out part),
 * the in-sample evaluation set, and the corpus of known attacks.
 */
export function shippedExamples(): Example[] {
  const evaluation = shippedEvaluationSet();
  return [
    ...generalisationSplit().tune.map((item) => ({ text: item.text, attack: item.label === "attack" })),
    ...evaluation.attacks.map((attack) => ({ text: attack.text, attack: true })),
    ...evaluation.benign.map((text) => ({ text, attack: false })),
    ...shippedCorpus().map((entry) => ({ text: entry.text, attack: true })),
  ];
}

let shipped: InjectionModel | undefined;

/** The model trained on shippedExamples(), once per process (a few milliseconds). */
export function shippedModel(): InjectionModel {
  shipped ??= InjectionModel.train(shippedExamples());
  return shipped;
}

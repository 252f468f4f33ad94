import { shippedCorpus } from "./corpus.js";
import { shippedEvaluationSet } from "./evaluation.js";
import { generalisationSplit } from "./generalisation.js";
import { InjectionModel, type Example } from "./model.js";

/** The examples every training uses, cross-validation folds included: the in-sample evaluation set and the corpus. */
export function fixedExamples(): Example[] {
  const evaluation = shippedEvaluationSet();
  return [
    ...evaluation.attacks.map((attack) => ({ text: attack.text, attack: true })),
    ...evaluation.benign.map((text) => ({ text, attack: false })),
    ...shippedCorpus().map((entry) => ({ text: entry.text, attack: true })),
  ];
}

/** What the shipped model learns from: the tune part of generalisation.json (never its held-out part) and fixedExamples(). */
export function shippedExamples(): Example[] {
  return [
    ...generalisationSplit().tune.map((item) => ({ text: item.text, attack: item.label === "attack" })),
    ...fixedExamples(),
  ];
}

let shipped: InjectionModel | undefined;

/** The model trained on shippedExamples(), once per process (a few milliseconds). */
export function shippedModel(): InjectionModel {
  shipped ??= InjectionModel.train(shippedExamples());
  return shipped;
}

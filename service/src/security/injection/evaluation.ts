import { z } from "zod";
import shipped from "./evaluation.json" with { type: "json" };

/** The shape of evaluation.json: labelled attacks (with the evasion technique used) and benign look-alikes. */
export const evaluationSetSchema = z.strictObject({
  description: z.string(),
  attacks: z.array(z.strictObject({ technique: z.string(), text: z.string().min(1) })).min(1),
  benign: z.array(z.string().min(1)).min(1),
});

export type EvaluationSet = z.output<typeof evaluationSetSchema>;

export interface DetectorScore {
  precision: number;
  recall: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** Texts the detector got wrong, for tuning; attacks missed and benign items flagged. */
  missed: string[];
  falseAlarms: string[];
}

export function shippedEvaluationSet(): EvaluationSet {
  return evaluationSetSchema.parse(shipped);
}

/** What evaluation needs of a detector (InjectionDetector has it). */
export interface Inspector {
  inspect(text: string): { flagged: boolean };
}

/** Precision and recall of `detector` on a labelled set (the shipped one by default). */
export function evaluateDetector(detector: Inspector, set: EvaluationSet = shippedEvaluationSet()): DetectorScore {
  const missed = set.attacks.map((attack) => attack.text).filter((text) => !detector.inspect(text).flagged);
  const falseAlarms = set.benign.filter((text) => detector.inspect(text).flagged);
  const truePositives = set.attacks.length - missed.length;
  const flagged = truePositives + falseAlarms.length;
  return {
    precision: flagged === 0 ? 1 : truePositives / flagged,
    recall: truePositives / set.attacks.length,
    truePositives,
    falsePositives: falseAlarms.length,
    falseNegatives: missed.length,
    trueNegatives: set.benign.length - falseAlarms.length,
    missed,
    falseAlarms,
  };
}

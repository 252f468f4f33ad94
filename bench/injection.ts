// Prompt-injection detector: precision and recall on the shipped evaluation set (attacks and benign
// look-alikes). Prints JSON. Run: node --import tsx bench/injection.ts
import { InjectionDetector } from "../service/src/security/injection/detector.js";
import { evaluateDetector, shippedEvaluationSet } from "../service/src/security/injection/evaluation.js";

const started = performance.now();
// The default threshold of INJECTION_THRESHOLD (service/src/config.ts).
const score = evaluateDetector(new InjectionDetector({ threshold: 0.75 }), shippedEvaluationSet());
const ms = performance.now() - started;
const note = "in-sample: the detector's rules were written with this set in view (see service/src/security/README.md)";
process.stdout.write(`${JSON.stringify({ note, ...score, evaluation_ms: Math.round(ms) }, null, 2)}\n`);

import type { Json } from "../engines/json.js";
import type { ReasonCode, Verdict } from "../engines/verdict.js";
import type { SecurityLayer } from "./events/security-events.js";
import type { InjectionDetector } from "./injection/detector.js";
import { firstTooLong, textFields, tooLongEvidence, type TextField } from "./input-limits.js";

/** A block by the gateway itself; PROMPT_INJECTION is a reason only the gateway gives. */
export type GatewayVerdict = {
  status: "BLOCKED";
  reason: ReasonCode | "PROMPT_INJECTION";
  message: string;
  evidence: Json;
};
/** What a /verify/* route answers: an engine's verdict or the gateway's block. */
export type ApiVerdict = Verdict | GatewayVerdict;

export interface Screened {
  verdict: GatewayVerdict;
  layer: SecurityLayer;
}

export interface ScreenOptions {
  /** INPUT_MAX_CHARS: applies to every string of the input. */
  maxChars: number;
  detector: InjectionDetector;
}

/**
 * Pure gate before an engine runs: any string over the length limit, then any natural-language
 * field that reads as prompt injection, blocks the input. Undefined means it may go on.
 */
export function screenInput(
  input: unknown,
  naturalLanguage: readonly TextField[],
  options: ScreenOptions,
): Screened | undefined {
  const tooLong = firstTooLong(textFields(input), options.maxChars);
  if (tooLong) {
    const message = `${tooLong.field}: ${tooLong.length} characters received; at most ${tooLong.maxChars} allowed (INPUT_MAX_CHARS); shorten it`;
    return {
      layer: "input_limit",
      verdict: { status: "BLOCKED", reason: "INPUT_TOO_LONG", message, evidence: tooLongEvidence(tooLong) },
    };
  }
  for (const field of naturalLanguage) {
    const finding = options.detector.inspect(field.value);
    if (finding.flagged)
      return { layer: "injection", verdict: injectionVerdict(field.path, finding.match, finding.score) };
  }
  return undefined;
}

function injectionVerdict(field: string, match: string | null, score: number): GatewayVerdict {
  const evidence = { layer: "injection", field, match, score: Math.round(score * 1000) / 1000 };
  const message = `${field}: the text reads as an attempt to instruct the verifier (prompt injection), so it was not evaluated; state the claim itself`;
  return { status: "BLOCKED", reason: "PROMPT_INJECTION", message, evidence };
}

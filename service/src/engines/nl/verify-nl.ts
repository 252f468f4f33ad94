import { z } from "zod";
import { defineEngine, type EngineRun } from "../engine.js";
import { verifyMath } from "../math/verify-math.js";
import { verifyStats } from "../stats/verify-stats.js";
import { blocked, withEvidence, type Verdict } from "../verdict.js";
import { verifyCompoundInterest } from "./compound-interest.js";
import { matchPhrasing, PHRASING_EXAMPLES, type Route } from "./phrasings.js";
import { TranslationError, type Translator } from "./translator.js";

export const NaturalLanguageInputSchema = z.strictObject({
  /** A question or statement in English, max 2000 chars. */
  query: z.string().min(1).max(2_000),
});
export type NaturalLanguageInput = z.input<typeof NaturalLanguageInputSchema>;

/**
 * Optional translator for phrasings the deterministic parser does not know (default: none, off), and
 * the math engine as the caller runs it (default: in this thread).
 */
export type NaturalLanguageDeps = { translator?: Translator; math?: EngineRun } | undefined;

/**
 * Routes known phrasings to the math or stats engine. An unrecognised query is BLOCKED PARSE_ERROR
 * (it was never attempted), unless a translator is configured: then its expression goes through the
 * math engine and the evidence says `translated: true`.
 */
export const verifyNaturalLanguage = defineEngine(
  "nl",
  NaturalLanguageInputSchema,
  async (input, deps: NaturalLanguageDeps): Promise<Verdict> => {
    const math = deps?.math ?? inProcessMath;
    const route = matchPhrasing(input.query);
    if (route !== null) return withEvidence(await follow(route, math), { phrasing: route.phrasing, translated: false });
    if (deps?.translator !== undefined) return translate(input.query, deps.translator, math);
    return blocked("PARSE_ERROR", `no known phrasing matches; examples: ${PHRASING_EXAMPLES.join(" | ")}`, {
      translated: false,
    });
  },
);

const inProcessMath: EngineRun = (input) => verifyMath(input as never, undefined);

async function follow(route: Route, math: EngineRun): Promise<Verdict> {
  if (route.kind === "compound") return verifyCompoundInterest(route, math);
  if (route.kind === "mean") {
    const verdict = await verifyStats(
      { data: { values: route.values }, claim: { statistic: "mean", column: "values", value: route.claimed } },
      undefined,
    );
    return withEvidence(verdict, { routed_to: "stats" });
  }
  return withEvidence(await math({ expression: route.expression }), {
    routed_to: "math",
    expression: route.expression,
  });
}

async function translate(query: string, translator: Translator, math: EngineRun): Promise<Verdict> {
  let expression: string;
  try {
    expression = await translator.translate(query);
  } catch (error) {
    const code = error instanceof TranslationError ? error.code : "NETWORK";
    const detail = error instanceof Error ? error.message : String(error);
    return blocked("TRANSLATION_FAILED", `no known phrasing matches and the translator failed: ${detail}`, {
      translated: false,
      translator_error: code,
    });
  }
  const verdict = await math({ expression });
  return withEvidence(verdict, { routed_to: "math", expression, translated: true, translator_model: translator.model });
}

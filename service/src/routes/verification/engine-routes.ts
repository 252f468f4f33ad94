import type { z } from "zod";
import { ConsensusInputSchema } from "../../engines/consensus/verify-consensus.js";
import { LogicInputSchema } from "../../engines/logic/verify-logic.js";
import { MathInputSchema } from "../../engines/math/verify-math.js";
import { NaturalLanguageInputSchema } from "../../engines/nl/verify-nl.js";
import type { EngineName } from "../../engines/registry.js";
import { StatsInputSchema } from "../../engines/stats/schema.js";
import { textFields, type TextField } from "../../security/input-limits.js";

/** One /verify/* route: its engine, the engine's input schema, and which fields are natural language. */
export interface EngineRoute {
  path: string;
  engine: EngineName;
  schema: z.ZodType;
  summary: string;
  /** The fields the prompt-injection detector reads; formulas, data and code are not prose. */
  naturalLanguage: (input: unknown) => TextField[];
}

const none = (): TextField[] => [];
const everyString = (input: unknown): TextField[] => textFields(input);
const queryField = (input: unknown): TextField[] => textFields(input).filter((field) => field.path === "query");

export const ENGINE_ROUTES: readonly EngineRoute[] = [
  {
    path: "/verify/math",
    engine: "math",
    schema: MathInputSchema,
    summary: "Verify an arithmetic claim or identity",
    naturalLanguage: none,
  },
  {
    path: "/verify/logic",
    engine: "logic",
    schema: LogicInputSchema,
    summary: "Check satisfiability of a logic formula (Z3)",
    naturalLanguage: none,
  },
  {
    path: "/verify/stats",
    engine: "stats",
    schema: StatsInputSchema,
    summary: "Verify a statistic, or a claim given as code (sandboxed)",
    naturalLanguage: none,
  },
  {
    path: "/verify/natural_language",
    engine: "nl",
    schema: NaturalLanguageInputSchema,
    summary: "Verify a claim stated in English",
    naturalLanguage: everyString,
  },
  {
    path: "/verify/consensus",
    engine: "consensus",
    schema: ConsensusInputSchema,
    summary: "Verify with every applicable engine and compare",
    naturalLanguage: queryField,
  },
];

/** Engine names a batch item may use: the registry's, plus the route spelling of nl. */
export const BATCH_ENGINE_ALIASES: Readonly<Record<string, EngineName>> = { natural_language: "nl" };

export function naturalLanguageFields(engine: EngineName, input: unknown): TextField[] {
  return ENGINE_ROUTES.find((route) => route.engine === engine)?.naturalLanguage(input) ?? [];
}

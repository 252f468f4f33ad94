export {
  REASON_CODES,
  blocked,
  unverifiable,
  verified,
  withEvidence,
  type ReasonCode,
  type Verdict,
  type VerdictStatus,
} from "./verdict.js";
export { canonicalJson, proofRef, CanonicalJsonError, type Json } from "./json.js";
export { EngineFailure } from "./engine.js";
export { verifyMath, MathInputSchema, type MathInput } from "./math/verify-math.js";
export { MATH_LIMITS } from "./math/limits.js";
export { verifyLogic, LogicInputSchema, LOGIC_TIMEOUT_MS, type LogicInput } from "./logic/verify-logic.js";
export { disposeZ3 } from "./logic/z3-runtime.js";
export { verifyStats, type StatsDeps } from "./stats/verify-stats.js";
export {
  StatsInputSchema,
  StatisticClaimSchema,
  CodeClaimSchema,
  STATISTICS,
  type StatsInput,
} from "./stats/schema.js";
export type { SandboxClient, SandboxRequest, SandboxResponse } from "./stats/sandbox-client.js";
export {
  verifyNaturalLanguage,
  NaturalLanguageInputSchema,
  type NaturalLanguageDeps,
  type NaturalLanguageInput,
} from "./nl/verify-nl.js";
export { createTranslator, TranslationError, type Translator } from "./nl/translator.js";
export {
  translatorConfigFromEnv,
  TranslatorEnvSchema,
  TranslatorConfigError,
  type TranslatorConfig,
} from "./nl/translator-config.js";
export {
  verifyConsensus,
  ConsensusInputSchema,
  CONSENSUS_TIMEOUT_MS,
  type ConsensusEngine,
  type ConsensusInput,
} from "./consensus/verify-consensus.js";
export { defaultConsensusEngines } from "./consensus/default-engines.js";
export {
  runBatch,
  BatchItemSchema,
  BatchItemsSchema,
  BatchInputError,
  BATCH_LIMITS,
  type BatchItem,
  type EngineRunners,
} from "./batch/run-batch.js";
export { createEngineRunners, ENGINE_NAMES, type EngineDeps, type EngineName } from "./registry.js";

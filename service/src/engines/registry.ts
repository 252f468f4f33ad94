import type { EngineRunners } from "./batch/run-batch.js";
import { defaultConsensusEngines } from "./consensus/default-engines.js";
import { verifyConsensus, type ConsensusEngine } from "./consensus/verify-consensus.js";
import { verifyLogic } from "./logic/verify-logic.js";
import { verifyMath } from "./math/verify-math.js";
import type { Translator } from "./nl/translator.js";
import type { EngineThreads } from "./pool/engine-threads.js";
import { verifyNaturalLanguage } from "./nl/verify-nl.js";
import type { SandboxClient } from "./stats/sandbox-client.js";
import { verifyStats } from "./stats/verify-stats.js";
import type { Verdict } from "./verdict.js";

/** Collaborators the engines may use; every one is optional and off when absent. */
export type EngineDeps = {
  sandbox?: SandboxClient;
  translator?: Translator;
  consensusEngines?: readonly ConsensusEngine[];
  /** Worker threads for math and logic (the API's); absent, both run in this thread (tests, scripts). */
  threads?: EngineThreads;
};

export const ENGINE_NAMES = ["math", "logic", "stats", "nl", "consensus"] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** Every engine by name, bound to its collaborators: what routes and runBatch call. */
export function createEngineRunners(
  deps: EngineDeps = {},
): EngineRunners & Record<EngineName, (input: unknown) => Promise<Verdict>> {
  const { threads } = deps;
  const math = threads ? (input: unknown) => threads.run("math", input) : inProcessMath;
  const logic = threads ? (input: unknown) => threads.run("logic", input) : inProcessLogic;
  const nlDeps = { math, ...(deps.translator === undefined ? {} : { translator: deps.translator }) };
  const engines = deps.consensusEngines ?? defaultConsensusEngines({ ...nlDeps, logic });
  return {
    math,
    logic,
    stats: (input) => verifyStats(input as never, deps.sandbox === undefined ? {} : { sandbox: deps.sandbox }),
    nl: (input) => verifyNaturalLanguage(input as never, nlDeps),
    consensus: (input) => verifyConsensus(input as never, { engines }),
  };
}

const inProcessMath = (input: unknown) => verifyMath(input as never, undefined);
const inProcessLogic = (input: unknown) => verifyLogic(input as never, undefined);
